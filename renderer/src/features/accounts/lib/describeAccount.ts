import type { TradingAccount, VenueState } from '../../../../../shared/contract';

const STATE_LABELS: Record<VenueState, string> = {
  connecting: 'Connecting',
  connected: 'Connected',
  reconnecting: 'Reconnecting',
  down: 'Down',
};

export function accountStateLabel(state: VenueState): string {
  return STATE_LABELS[state];
}

/** "Alpaca", "Paper (local)", or the ccxt exchange id with a capital. */
export function venueLabel(venue: string): string {
  if (venue === 'paper') return 'Local simulator';
  if (venue === 'alpaca') return 'Alpaca';
  return venue.charAt(0).toUpperCase() + venue.slice(1);
}

/** The state in one sentence, with the engine's detail: for tooltips and screen readers. */
export function describeAccountState(account: TradingAccount): string {
  const state = accountStateLabel(account.state);
  const detail = account.state === 'connected' ? null : account.stateDetail;
  return detail ? `${state}: ${detail}` : state;
}

/** Why the ticket will not send for this account, or null when it may trade. */
export function whyCannotTrade(account: TradingAccount): string | null {
  if (account.canTrade) return null;
  if (account.state !== 'connected') {
    return `${account.name} is not connected (${accountStateLabel(account.state).toLowerCase()}${
      account.stateDetail ? `: ${account.stateDetail}` : ''
    }). Orders cannot be sent until it is back.`;
  }
  return `${account.name} cannot trade: ${account.reason ?? 'the engine refuses orders for it'}.`;
}
