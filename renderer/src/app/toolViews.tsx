import type { ReactNode } from 'react';
import type { TradingAccount } from '../../../shared/contract';
import { BotsView } from '../features/bots/components/BotsView';
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
    id: 'bots',
    label: 'Bots',
    // Bots with start/stop, the wizard, and each bot's chart, books and decision log.
    render: (ctx) => <BotsView accounts={ctx.accounts} defaultAccountId={ctx.account?.accountId ?? 'paper'} Panel={Panel} openTrading={ctx.openTrading} />,
  },
  // Optimisation runs: launch, watch, check, apply the chosen params to a bot.
  { id: 'training', label: 'Training', render: () => <TrainingView /> },
];
