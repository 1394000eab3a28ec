import { useMemo, useState, type ComponentType, type ReactNode } from 'react';
import { EmptyState, ErrorState, LoadingState } from '../../../components/States';
import { formatExactPrice, formatQty, formatSignedMoney } from '../../../lib/format';
import { useBot } from '../api/getBot';
import { barSourceOf } from '../api/getBotBars';
import { useBotFills } from '../api/listBotFills';
import { useBotOrders } from '../api/listBotOrders';
import { useBotVersions } from '../api/listBotVersions';
import { useDecisions } from '../api/listDecisions';
import { formatBotTime, MODE_LABEL, STATE_LABEL, statusDetail } from '../lib/botLabels';
import { BotChart } from './BotChart';
import { DecisionLog } from './DecisionLog';

type PanelComponent = ComponentType<{ title: string; actions?: ReactNode; className?: string; resetKey?: string | null; children: ReactNode }>;

/** One bot: its chart with decisions and fills, its positions and orders, and its decision log. */
export function BotPage({ botId, Panel, openTrading }: { botId: string; Panel: PanelComponent; openTrading(symbol?: string): void }) {
  const bot = useBot(botId);
  const [symbolChoice, setSymbolChoice] = useState<string | null>(null);
  const decisions = useDecisions(botId, false);

  if (bot.isPending) return <LoadingState>Loading the bot…</LoadingState>;
  if (bot.isError) return <ErrorState error={bot.error} what="the bot" onRetry={() => void bot.refetch()} />;
  const { summary, config } = bot.data;
  const symbol = symbolChoice && summary.symbols.includes(symbolChoice) ? symbolChoice : summary.symbols[0]!;
  const detail = statusDetail(summary);

  return (
    <div className="bot-page">
      <Panel
        title={`${summary.name} · chart`}
        className="bot-page__chart"
        resetKey={`${botId}|${symbol}`}
        actions={
          <div className="bot-page__header">
            <span className={`mode-badge mode-badge--${summary.mode}`}>{MODE_LABEL[summary.mode]}</span>
            <span className={`bot-state bot-state--${summary.status.state}`}>{STATE_LABEL[summary.status.state]}</span>
            {detail ? <span className="bot-state__reason" title={detail}>{detail}</span> : null}
            <label className="bot-page__symbol">
              <span className="visually-hidden">Chart symbol</span>
              <select aria-label="Chart symbol" value={symbol} onChange={(e) => setSymbolChoice(e.target.value)}>
                {summary.symbols.map((s) => (
                  <option key={s} value={s}>
                    {s}
                  </option>
                ))}
              </select>
            </label>
            <button type="button" className="button button--small" onClick={() => openTrading(symbol)}>
              Open in Trading
            </button>
          </div>
        }
      >
        <BotChartFor botId={botId} accountId={summary.accountId} symbol={symbol} timeframe={config.timeframe} decisions={decisions.data?.decisions ?? []} />
      </Panel>
      <Panel title="Positions and orders" className="bot-page__books">
        <BotBooks botId={botId} accountId={summary.accountId} currency={summary.pnl.currency} positions={summary.positions} />
        <BotVersions botId={botId} />
      </Panel>
      <Panel title="Decision log" className="bot-page__log">
        <DecisionLog botId={botId} onSymbol={setSymbolChoice} />
      </Panel>
    </div>
  );
}

function BotChartFor({
  botId,
  accountId,
  symbol,
  timeframe,
  decisions,
}: {
  botId: string;
  accountId: string;
  symbol: string;
  timeframe: Parameters<typeof BotChart>[0]['timeframe'];
  decisions: Parameters<typeof BotChart>[0]['decisions'];
}) {
  const orders = useBotOrders(botId, accountId);
  const orderIds = useMemo(() => new Set((orders.data ?? []).filter((o) => o.symbol === symbol).map((o) => o.id)), [orders.data, symbol]);
  const fills = useBotFills(botId, symbol, orderIds);
  const mine = useMemo(() => decisions.filter((d) => d.symbol === symbol), [decisions, symbol]);
  return <BotChart source={barSourceOf(accountId)} symbol={symbol} timeframe={timeframe} decisions={mine} fills={fills.data ?? []} />;
}

function BotBooks({
  botId,
  accountId,
  currency,
  positions,
}: {
  botId: string;
  accountId: string;
  currency: string;
  positions: ReadonlyArray<{ symbol: string; qty: string; avgPrice: string; unrealizedPnl: string | null }>;
}) {
  const orders = useBotOrders(botId, accountId);
  const open = positions.filter((p) => Number(p.qty) !== 0);
  return (
    <div className="bot-books">
      <table className="data-table" aria-label="Bot positions">
        <thead>
          <tr>
            <th scope="col">Symbol</th>
            <th scope="col" className="num">
              Qty
            </th>
            <th scope="col" className="num">
              Avg price
            </th>
            <th scope="col" className="num">
              Unrealized
            </th>
          </tr>
        </thead>
        <tbody>
          {open.length === 0 ? (
            <tr>
              <td colSpan={4} className="muted">
                No open positions
              </td>
            </tr>
          ) : (
            open.map((p) => (
              <tr key={p.symbol} className="data-table__row">
                <td>{p.symbol}</td>
                <td className="num mono">{formatQty(p.qty)}</td>
                <td className="num mono">{formatExactPrice(p.avgPrice)}</td>
                <td className="num mono">{formatSignedMoney(p.unrealizedPnl, currency)}</td>
              </tr>
            ))
          )}
        </tbody>
      </table>
      {orders.isError ? (
        <ErrorState error={orders.error} what="the bot's orders" onRetry={() => void orders.refetch()} />
      ) : (
        <table className="data-table" aria-label="Bot orders">
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Symbol</th>
              <th scope="col">Side</th>
              <th scope="col" className="num">
                Qty
              </th>
              <th scope="col" className="num">
                Filled
              </th>
              <th scope="col" className="num">
                Avg
              </th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {(orders.data ?? []).length === 0 ? (
              <tr>
                <td colSpan={7} className="muted">
                  {orders.isPending ? 'Loading orders…' : 'No orders yet'}
                </td>
              </tr>
            ) : (
              (orders.data ?? []).slice(0, 50).map((o) => (
                <tr key={o.id} className="data-table__row" title={o.reason ?? undefined}>
                  <td className="mono">{formatBotTime(o.createdAt)}</td>
                  <td>{o.symbol}</td>
                  <td className={o.side === 'buy' ? 'up' : 'down'}>{o.side}</td>
                  <td className="num mono">{formatQty(o.qty)}</td>
                  <td className="num mono">{formatQty(o.filledQty)}</td>
                  <td className="num mono">{formatExactPrice(o.avgFillPrice)}</td>
                  <td>{o.status}</td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      )}
    </div>
  );
}

function BotVersions({ botId }: { botId: string }) {
  const versions = useBotVersions(botId);
  if (!versions.data || versions.data.length === 0) return versions.isError ? <EmptyState>Versions could not be read.</EmptyState> : null;
  return (
    <details className="bot-versions">
      <summary>Versions ({versions.data.length})</summary>
      <ol>
        {versions.data.map((v) => (
          <li key={v.version}>
            v{v.version} · {formatBotTime(v.createdAt)} · {v.actor}: {v.change}
          </li>
        ))}
      </ol>
    </details>
  );
}
