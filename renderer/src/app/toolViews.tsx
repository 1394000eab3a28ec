import type { ReactNode } from 'react';
import type { TradingAccount } from '../../../shared/contract';
import { DataView } from '../features/marketdata/components/DataView';
import { useAccountSummary } from '../features/account/api/getAccountSummary';
import { BotsView } from '../features/bots/components/BotsView';
import { PortfolioView } from '../features/portfolio/components/PortfolioView';
import { RiskView } from '../features/risk/components/RiskView';
import { TrainingView } from '../features/training/components/TrainingView';
import { Panel } from './Panel';

/** What a tool view gets from the shell. */
export interface ToolViewContext {
  /** The account the user picked in the top bar (paper at start). */
  account: TradingAccount | undefined;
  accounts: readonly TradingAccount[];
  /** Switch to the trading view on a symbol (e.g. from a bot's position). */
  openTrading(symbol?: string): void;
}

export interface ToolView {
  id: string;
  label: string;
  /** Optional keyboard digit shown in the tab's title (Alt+digit). */
  render(ctx: ToolViewContext): ReactNode;
}

/**
 * The views beside Trading, in tab order. Each feature adds its own entry here and keeps
 * its code in its feature folder; the shell (TopBar, Workstation) only iterates the list.
 */
export const TOOL_VIEWS: readonly ToolView[] = [
  {
    id: 'data',
    label: 'Data',
    // Backfills, instrument search, live trades and book; "Chart" opens a sample symbol on Trading.
    render: (ctx) => <DataView Panel={Panel} openChart={(symbol) => ctx.openTrading(symbol)} />,
  },
  { id: 'risk', label: 'Risk', render: (ctx) => <RiskToolView ctx={ctx} /> },
  {
    id: 'portfolio',
    label: 'Portfolio',
    render: (ctx) => <PortfolioView accountId={accountIdOf(ctx)} accountName={ctx.account?.name ?? 'Paper account'} Panel={Panel} />,
  },
  {
    id: 'bots',
    label: 'Bots',
    // Bots with start/stop, the wizard, and each bot's chart, books and decision log.
    render: (ctx) => <BotsView accounts={ctx.accounts} defaultAccountId={ctx.account?.accountId ?? 'paper'} Panel={Panel} openTrading={ctx.openTrading} />,
  },
  // Optimisation runs: launch, watch, check, apply the chosen params to a bot.
  { id: 'training', label: 'Training', render: () => <TrainingView /> },
];

/** The account the tool views work on: the one picked in the top bar, paper until the list arrives. */
function accountIdOf(ctx: ToolViewContext): string {
  return ctx.account?.accountId ?? 'paper';
}

/** The Risk view shows money in the account's currency, which the account's summary carries. */
function RiskToolView({ ctx }: { ctx: ToolViewContext }) {
  const accountId = accountIdOf(ctx);
  const summary = useAccountSummary(accountId);
  return <RiskView accountId={accountId} accountName={ctx.account?.name ?? 'Paper account'} currency={summary.data?.currency ?? 'USD'} Panel={Panel} />;
}
