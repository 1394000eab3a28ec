import { useState, type ComponentType, type ReactNode } from 'react';
import type { BotDetail, BotSummary, TradingAccount } from '../../../../../shared/contract';
import { describeError } from '../../../api';
import { EmptyState, ErrorState, LoadingState } from '../../../components/States';
import { formatQty, formatSignedMoney } from '../../../lib/format';
import { useControlBot, type BotCommand } from '../api/controlBot';
import { useDeleteBot } from '../api/deleteBot';
import { useDuplicateBot } from '../api/duplicateBot';
import { useBot } from '../api/getBot';
import { useBots } from '../api/listBots';
import { canPause, canStart, canStop, formatBotTime, MODE_LABEL, STATE_LABEL, statusDetail } from '../lib/botLabels';
import { BotPage } from './BotPage';
import { BotWizard } from './BotWizard';
import '../bots.css';

type PanelComponent = ComponentType<{ title: string; actions?: ReactNode; className?: string; resetKey?: string | null; children: ReactNode }>;

interface BotsViewProps {
  accounts: readonly TradingAccount[];
  defaultAccountId: string;
  Panel: PanelComponent;
  openTrading(symbol?: string): void;
}

type Editor = { kind: 'create' } | { kind: 'edit'; botId: string } | null;

/** The Bots view: every bot with its controls, the wizard, and the selected bot's page. */
export function BotsView({ accounts, defaultAccountId, Panel, openTrading }: BotsViewProps) {
  const bots = useBots();
  const [selected, setSelected] = useState<string | null>(null);
  const [editor, setEditor] = useState<Editor>(null);
  const selectedId = selected && bots.data?.some((b) => b.id === selected) ? selected : (bots.data?.[0]?.id ?? null);
  const editingDetail = useBot(editor?.kind === 'edit' ? editor.botId : null);

  const onSaved = (detail: BotDetail) => {
    setEditor(null);
    setSelected(detail.summary.id);
  };

  return (
    <div className="bots-view">
      <Panel
        title="Bots"
        className="bots-view__list"
        actions={
          <button type="button" className="button button--small button--primary" onClick={() => setEditor({ kind: 'create' })}>
            New bot
          </button>
        }
      >
        {bots.isPending ? (
          <LoadingState>Loading bots…</LoadingState>
        ) : bots.isError ? (
          <ErrorState error={bots.error} what="the bots" onRetry={() => void bots.refetch()} />
        ) : bots.data.length === 0 ? (
          <EmptyState>No bots yet. “New bot” runs a strategy on an account in paper, shadow or live mode.</EmptyState>
        ) : (
          <BotsTable bots={bots.data} accounts={accounts} selectedId={selectedId} onSelect={setSelected} onEdit={(botId) => setEditor({ kind: 'edit', botId })} />
        )}
      </Panel>

      {editor ? (
        <Panel title={editor.kind === 'create' ? 'New bot' : `Edit bot`} className="bots-view__wizard">
          {editor.kind === 'edit' && editingDetail.isPending ? (
            <LoadingState>Loading the bot…</LoadingState>
          ) : editor.kind === 'edit' && editingDetail.isError ? (
            <ErrorState error={editingDetail.error} what="the bot" />
          ) : (
            <BotWizard
              key={editor.kind === 'edit' ? editor.botId : 'new'}
              editing={editor.kind === 'edit' ? (editingDetail.data ?? null) : null}
              accounts={accounts}
              defaultAccountId={defaultAccountId}
              onSaved={onSaved}
              onCancel={() => setEditor(null)}
            />
          )}
        </Panel>
      ) : selectedId ? (
        <BotPage key={selectedId} botId={selectedId} Panel={Panel} openTrading={openTrading} />
      ) : null}
    </div>
  );
}

function BotsTable({
  bots,
  accounts,
  selectedId,
  onSelect,
  onEdit,
}: {
  bots: BotSummary[];
  accounts: readonly TradingAccount[];
  selectedId: string | null;
  onSelect(botId: string): void;
  onEdit(botId: string): void;
}) {
  const control = useControlBot();
  const duplicate = useDuplicateBot();
  const remove = useDeleteBot();
  const [confirmLiveStart, setConfirmLiveStart] = useState<BotSummary | null>(null);
  const [confirmDelete, setConfirmDelete] = useState<BotSummary | null>(null);
  const accountName = (id: string) => accounts.find((a) => a.accountId === id)?.name ?? id;
  const failure = control.error ?? duplicate.error ?? remove.error;

  const run = (bot: BotSummary, command: BotCommand) => {
    if (command === 'start' && bot.mode === 'live') setConfirmLiveStart(bot);
    else control.mutate({ botId: bot.id, command });
  };

  return (
    <>
      {failure ? (
        <p className="form-error" role="alert">
          {describeError(failure)}
        </p>
      ) : null}
      <div className="table-scroll">
        <table className="data-table bots-table" aria-label="Bots">
          <thead>
            <tr>
              <th scope="col">Bot</th>
              <th scope="col">Status</th>
              <th scope="col">Mode</th>
              <th scope="col">Account</th>
              <th scope="col">Symbols</th>
              <th scope="col" className="num">
                Today
              </th>
              <th scope="col" className="num">
                Total P&amp;L
              </th>
              <th scope="col">Positions</th>
              <th scope="col">Last decision</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {bots.map((bot) => {
              const detail = statusDetail(bot);
              const last = bot.lastDecision;
              const busy = control.isPending && control.variables?.botId === bot.id;
              return (
                <tr
                  key={bot.id}
                  className={`data-table__row is-clickable ${bot.id === selectedId ? 'is-selected' : ''}`}
                  aria-selected={bot.id === selectedId}
                  onClick={() => onSelect(bot.id)}
                >
                  <td>
                    <button type="button" className="cell-button bots-table__name" onClick={() => onSelect(bot.id)}>
                      {bot.name}
                    </button>
                    <span className="muted"> {bot.strategyName} · {bot.timeframe} · v{bot.version}</span>
                  </td>
                  <td className="bots-table__status">
                    <span className={`bot-state bot-state--${bot.status.state}`} role="status" aria-label={`Status of ${bot.name}`}>
                      {STATE_LABEL[bot.status.state]}
                    </span>
                    {detail ? (
                      <span className={bot.status.state === 'errored' ? 'bot-state__reason bot-state__reason--error' : 'bot-state__reason'} title={detail}>
                        {detail}
                      </span>
                    ) : null}
                  </td>
                  <td>
                    <ModeBadge mode={bot.mode} />
                  </td>
                  <td>{accountName(bot.accountId)}</td>
                  <td>{bot.symbols.join(', ')}</td>
                  <td className="num">
                    <Pnl value={bot.pnl.today} currency={bot.pnl.currency} />
                  </td>
                  <td className="num">
                    <Pnl value={bot.pnl.total} currency={bot.pnl.currency} />
                  </td>
                  <td className="mono">
                    {bot.positions.filter((p) => Number(p.qty) !== 0).map((p) => `${p.symbol} ${formatQty(p.qty)}`).join(', ') || '—'}
                  </td>
                  <td className="bots-table__last" title={last ? `${formatBotTime(last.at)} ${last.symbol} ${last.action}: ${last.reason}` : undefined}>
                    {last ? (
                      <>
                        <span className={`action action--${last.action}`}>{last.action}</span> {last.symbol}
                        {last.blockedBy ? <span className="blocked-by"> {last.blockedBy}</span> : null}
                      </>
                    ) : (
                      '—'
                    )}
                  </td>
                  <td className="bots-table__actions" onClick={(e) => e.stopPropagation()}>
                    <button type="button" className="button button--small" disabled={busy || !canStart(bot)} onClick={() => run(bot, 'start')} aria-label={`Start ${bot.name}`}>
                      Start
                    </button>
                    <button type="button" className="button button--small" disabled={busy || !canPause(bot)} onClick={() => run(bot, 'pause')} aria-label={`Pause ${bot.name}`}>
                      Pause
                    </button>
                    <button type="button" className="button button--small" disabled={busy || !canStop(bot)} onClick={() => run(bot, 'stop')} aria-label={`Stop ${bot.name}`}>
                      Stop
                    </button>
                    <button type="button" className="button button--small" onClick={() => onEdit(bot.id)} aria-label={`Edit ${bot.name}`}>
                      Edit
                    </button>
                    <button type="button" className="button button--small" disabled={duplicate.isPending} onClick={() => duplicate.mutate(bot.id)} aria-label={`Duplicate ${bot.name}`}>
                      Duplicate
                    </button>
                    <button
                      type="button"
                      className="button button--small button--danger"
                      disabled={bot.status.state !== 'stopped'}
                      title={bot.status.state !== 'stopped' ? 'Stop the bot before deleting it' : undefined}
                      onClick={() => setConfirmDelete(bot)}
                      aria-label={`Delete ${bot.name}`}
                    >
                      Delete
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {confirmLiveStart ? (
        <ConfirmDialog
          title="Start a live bot?"
          confirmLabel="Start live trading"
          danger
          onCancel={() => setConfirmLiveStart(null)}
          onConfirm={() => {
            control.mutate({ botId: confirmLiveStart.id, command: 'start', confirmLive: true });
            setConfirmLiveStart(null);
          }}
        >
          {confirmLiveStart.name} will send real orders with real money on {accountName(confirmLiveStart.accountId)}.
        </ConfirmDialog>
      ) : null}
      {confirmDelete ? (
        <ConfirmDialog
          title="Delete this bot?"
          confirmLabel="Delete"
          danger
          onCancel={() => setConfirmDelete(null)}
          onConfirm={() => {
            remove.mutate(confirmDelete.id);
            setConfirmDelete(null);
          }}
        >
          {confirmDelete.name} and its decision log are deleted; its versions and audit entries stay. Its positions and orders are not touched.
        </ConfirmDialog>
      ) : null}
    </>
  );
}

export function ModeBadge({ mode }: { mode: BotSummary['mode'] }) {
  return <span className={`mode-badge mode-badge--${mode}`}>{MODE_LABEL[mode]}</span>;
}

function Pnl({ value, currency }: { value: string; currency: string }) {
  const n = Number(value);
  return <span className={n > 0 ? 'up' : n < 0 ? 'down' : undefined}>{formatSignedMoney(value, currency)}</span>;
}

function ConfirmDialog({
  title,
  confirmLabel,
  danger,
  children,
  onConfirm,
  onCancel,
}: {
  title: string;
  confirmLabel: string;
  danger?: boolean;
  children: ReactNode;
  onConfirm(): void;
  onCancel(): void;
}) {
  return (
    <div className="bots-dialog__backdrop">
      <div className="bots-dialog" role="dialog" aria-modal="true" aria-label={title} onKeyDown={(e) => e.key === 'Escape' && onCancel()}>
        <h3>{title}</h3>
        <p>{children}</p>
        <div className="bots-dialog__actions">
          <button type="button" className="button" onClick={onCancel} autoFocus>
            Cancel
          </button>
          <button type="button" className={`button ${danger ? 'button--danger-solid' : 'button--primary'}`} onClick={onConfirm}>
            {confirmLabel}
          </button>
        </div>
      </div>
    </div>
  );
}
