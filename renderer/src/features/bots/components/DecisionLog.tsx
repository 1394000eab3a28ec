import { Fragment, useState } from 'react';
import type { Decision } from '../../../../../shared/contract';
import { describeError } from '../../../api';
import { EmptyState, ErrorState, LoadingState } from '../../../components/States';
import { formatQty } from '../../../lib/format';
import { useExportDecisions } from '../api/exportDecisions';
import { useDecisions } from '../api/listDecisions';
import { formatBotTime } from '../lib/botLabels';

/** Saves text as a file through a temporary Blob link (no file system access in the renderer). */
function download(fileName: string, contentType: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: contentType }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  // Revoked after the click has been handled, so the download keeps its data.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

function targetText(d: Decision): string {
  if (!d.target) return '—';
  const qty = d.target.qty !== null ? ` (${formatQty(d.target.qty)})` : '';
  const price = d.target.price !== null ? ` @ ${d.target.price}` : '';
  return `${d.target.units}u${qty} ${d.target.orderType}${price}`;
}

/**
 * A bot's decision log, newest first: one dense row per evaluation of a symbol, each with
 * its gate trace ("why no trade") a click away. New decisions are appended live
 * (bots.decision, see useLiveEvents).
 */
export function DecisionLog({ botId, onSymbol }: { botId: string; onSymbol?: (symbol: string) => void }) {
  const [blockedOnly, setBlockedOnly] = useState(false);
  const [open, setOpen] = useState<ReadonlySet<number>>(new Set());
  const decisions = useDecisions(botId, blockedOnly);
  const exporter = useExportDecisions();

  const toggle = (id: number) =>
    setOpen((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  const rows = decisions.data?.decisions ?? [];
  return (
    <div className="decision-log">
      <div className="decision-log__toolbar">
        <label className="check">
          <input type="checkbox" checked={blockedOnly} onChange={(event) => setBlockedOnly(event.target.checked)} />
          Blocked only
        </label>
        <span className="decision-log__count" role="status" aria-label="Decisions shown">
          {decisions.data ? `${rows.length} ${blockedOnly ? 'blocked ' : ''}decision${rows.length === 1 ? '' : 's'}` : ''}
        </span>
        <button
          type="button"
          className="button button--small"
          disabled={exporter.isPending}
          onClick={() =>
            exporter.mutate(botId, {
              onSuccess: (file) => download(file.fileName, file.contentType, file.text),
            })
          }
        >
          {exporter.isPending ? 'Exporting…' : 'Export JSONL'}
        </button>
      </div>
      {exporter.isError ? (
        <p className="form-error" role="alert">
          Export failed: {describeError(exporter.error)}
        </p>
      ) : null}
      {decisions.isPending ? (
        <LoadingState>Loading decisions…</LoadingState>
      ) : decisions.isError ? (
        <ErrorState error={decisions.error} what="the decision log" onRetry={() => void decisions.refetch()} />
      ) : rows.length === 0 ? (
        <EmptyState>{blockedOnly ? 'No blocked decisions.' : 'No decisions yet: the bot decides once per closed bar while it runs.'}</EmptyState>
      ) : (
        <div className="decision-log__scroll">
          <table className="data-table decision-table" aria-label="Decision log">
            <thead>
              <tr>
                <th scope="col" aria-label="Trace" />
                <th scope="col">Time</th>
                <th scope="col">Symbol</th>
                <th scope="col">Action</th>
                <th scope="col">Target</th>
                <th scope="col" className="num">
                  Position
                </th>
                <th scope="col">Blocked by</th>
                <th scope="col">Reason</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((d) => {
                const expanded = open.has(d.id);
                return (
                  <Fragment key={d.id}>
                    <tr className={d.blockedBy ? 'decision decision--blocked' : 'decision'} data-action={d.action}>
                      <td>
                        <button
                          type="button"
                          className="decision__toggle"
                          aria-expanded={expanded}
                          aria-label={`Gate trace of decision ${d.id}`}
                          onClick={() => toggle(d.id)}
                        >
                          {expanded ? '▾' : '▸'}
                        </button>
                      </td>
                      <td className="mono">{formatBotTime(d.at)}</td>
                      <td>
                        {onSymbol ? (
                          <button type="button" className="link-button" onClick={() => onSymbol(d.symbol)}>
                            {d.symbol}
                          </button>
                        ) : (
                          d.symbol
                        )}
                      </td>
                      <td>
                        <span className={`action action--${d.action}`}>{d.action}</span>
                        {d.mode === 'shadow' && d.action !== 'hold' ? <span className="decision__note"> (shadow)</span> : null}
                        {d.sent ? <span className="decision__note"> sent</span> : null}
                      </td>
                      <td className="mono">{targetText(d)}</td>
                      <td className="num mono">{formatQty(d.position)}</td>
                      <td>{d.blockedBy ? <span className="blocked-by">{d.blockedBy}</span> : '—'}</td>
                      <td className="decision__reason" title={d.reason}>
                        {d.reason}
                      </td>
                    </tr>
                    {expanded ? (
                      <tr className="decision__trace-row">
                        <td />
                        <td colSpan={7}>
                          <ol className="gate-trace" aria-label={`Gates of decision ${d.id}`}>
                            {d.gates.map((gate, i) => (
                              <li key={`${gate.gate}-${i}`} className={gate.passed ? 'gate gate--passed' : 'gate gate--failed'}>
                                <span className="gate__mark" aria-hidden="true">
                                  {gate.passed ? '✓' : '✗'}
                                </span>
                                <span className="gate__name">{gate.gate}</span>
                                <span className="gate__verdict">{gate.passed ? 'passed' : 'failed'}</span>
                                <span className="gate__detail">{gate.detail}</span>
                              </li>
                            ))}
                          </ol>
                        </td>
                      </tr>
                    ) : null}
                  </Fragment>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
