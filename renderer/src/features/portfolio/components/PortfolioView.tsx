import { useId, useState, type FormEvent } from 'react';
import { describeError } from '../../../api';
import { ErrorState, LoadingState } from '../../../components/States';
import { formatTime } from '../../../lib/format';
import { usePortfolioReport } from '../api/getPortfolioReport';
import type { PortfolioScope } from '../api/portfolioKeys';
import { CorrelationMatrix } from './CorrelationMatrix';
import { DailyReturnsChart } from './DailyReturnsChart';
import { EquityCurveChart } from './EquityCurveChart';
import { ExposureBars } from './ExposureBars';
import { MetricsTable } from './MetricsTable';
import type { PanelComponent } from './panelSlot';
import { PnlTiles } from './PnlTiles';
import '../portfolio.css';

type ScopeKind = 'account' | 'bot' | 'symbol';

interface PortfolioViewProps {
  accountId: string;
  accountName: string;
  Panel: PanelComponent;
}

const SCOPE_LABELS: Record<ScopeKind, string> = { account: 'Whole account', bot: 'One bot', symbol: 'One symbol' };

/**
 * How the selected account is doing: equity curve, today's and total P&L, metrics,
 * exposure, correlations and daily returns; for the whole account, one bot's orders or one
 * symbol. The report is computed by the engine on request and read again every few seconds.
 */
export function PortfolioView({ accountId, accountName, Panel }: PortfolioViewProps) {
  const formId = useId();
  const [kind, setKind] = useState<ScopeKind>('account');
  const [draft, setDraft] = useState('');
  const [applied, setApplied] = useState<{ kind: ScopeKind; value: string }>({ kind: 'account', value: '' });
  const scope: PortfolioScope = {
    accountId,
    botId: applied.kind === 'bot' && applied.value ? applied.value : null,
    symbol: applied.kind === 'symbol' && applied.value ? applied.value : null,
  };
  const report = usePortfolioReport(scope);
  const scopeKey = `${accountId}|${scope.botId ?? ''}|${scope.symbol ?? ''}`;

  const chooseKind = (next: ScopeKind) => {
    setKind(next);
    setDraft('');
    if (next === 'account') setApplied({ kind: 'account', value: '' });
  };
  const apply = (event: FormEvent) => {
    event.preventDefault();
    const value = kind === 'symbol' ? draft.trim().toUpperCase() : draft.trim();
    setApplied(value === '' ? { kind: 'account', value: '' } : { kind, value });
  };

  const describe = (botId: string | null, symbol: string | null) =>
    botId !== null ? `bot ${botId} on ${accountName}` : symbol !== null ? `${symbol} on ${accountName}` : `${accountName} (whole account)`;
  const scopeText = describe(scope.botId, scope.symbol);
  const data = report.data;
  const currency = data?.currency ?? 'USD';
  const showing = data && data.accountId === accountId;
  const shownText = showing ? describe(data.scope.botId, data.scope.symbol) : scopeText;

  return (
    <div className="portfolio-view">
      <div className="portfolio-view__toolbar">
        <fieldset className="portfolio-scope" aria-label="Report scope">
          {(Object.keys(SCOPE_LABELS) as ScopeKind[]).map((option) => (
            <label key={option} className={`portfolio-scope__option${kind === option ? ' is-checked' : ''}`}>
              <input type="radio" name={`${formId}-scope`} value={option} checked={kind === option} onChange={() => chooseKind(option)} />
              {SCOPE_LABELS[option]}
            </label>
          ))}
        </fieldset>
        {kind !== 'account' ? (
          <form className="portfolio-scope__form" onSubmit={apply} aria-label={kind === 'bot' ? 'Bot to report on' : 'Symbol to report on'}>
            <label htmlFor={`${formId}-value`}>{kind === 'bot' ? 'Bot id' : 'Symbol'}</label>
            <input
              id={`${formId}-value`}
              className="input input--compact"
              autoComplete="off"
              spellCheck={false}
              placeholder={kind === 'bot' ? 'e.g. ma-cross-1' : 'e.g. ACME'}
              value={draft}
              onChange={(event) => setDraft(event.target.value)}
            />
            <button type="submit" className="button button--small">
              Show
            </button>
          </form>
        ) : null}
        <span className="portfolio-view__scope" role="status" aria-label="Report shows">
          Showing {shownText}
          {report.isPlaceholderData ? ` · loading ${scopeText}…` : ''}
        </span>
        <span className="portfolio-view__spacer" />
        <span className="portfolio-view__asof">
          {report.isFetching ? 'Updating…' : report.dataUpdatedAt ? `Updated ${formatTime(report.dataUpdatedAt)}` : null}
        </span>
        <button type="button" className="button button--small" onClick={() => void report.refetch()} disabled={report.isFetching}>
          Refresh
        </button>
      </div>

      {report.isPending ? (
        <LoadingState>Loading the portfolio report…</LoadingState>
      ) : report.isError && !showing ? (
        <ErrorState error={report.error} what={`the report for ${scopeText}`} onRetry={() => void report.refetch()} />
      ) : showing ? (
        <>
          {report.isError ? (
            <p className="form-error portfolio-view__stale" role="alert">
              Could not update the report for {scopeText}: {describeError(report.error)} The figures below are the last ones read.
            </p>
          ) : null}
          <PnlTiles pnl={data.pnl} currency={currency} />
          <div className={`portfolio-grid${report.isPlaceholderData ? ' is-stale' : ''}`}>
            <Panel title={`Equity curve (${currency})`} className="portfolio-grid__equity" resetKey={scopeKey}>
              <EquityCurveChart curve={data.equityCurve} currency={currency} scopeKey={scopeKey} />
            </Panel>
            <Panel title="Metrics" className="portfolio-grid__metrics" resetKey={scopeKey}>
              <MetricsTable metrics={data.metrics} currency={currency} />
            </Panel>
            <Panel title="Daily returns" className="portfolio-grid__daily" resetKey={scopeKey}>
              <DailyReturnsChart daily={data.dailyReturns} />
            </Panel>
            <Panel title="Exposure" className="portfolio-grid__exposure" resetKey={scopeKey}>
              <div className="exposure-groups">
                <ExposureBars title="By symbol" rows={data.exposure.bySymbol} currency={currency} empty="No open positions in this scope." />
                <ExposureBars
                  title="By sector"
                  rows={data.exposure.bySector}
                  currency={currency}
                  empty="No open positions. Sectors come from the sector groups in the Risk view."
                />
                <ExposureBars title="By asset class" rows={data.exposure.byGroup} currency={currency} empty="No open positions." />
              </div>
            </Panel>
            <Panel title="Correlation of daily returns" className="portfolio-grid__correlation" resetKey={scopeKey}>
              <CorrelationMatrix correlation={data.correlation} />
            </Panel>
          </div>
        </>
      ) : (
        <LoadingState>Loading the report for {accountName}…</LoadingState>
      )}
    </div>
  );
}
