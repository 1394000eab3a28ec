import type { TradingAccount } from '../../../../../shared/contract';
import { accountStateLabel } from '../lib/describeAccount';
import '../accounts.css';

/**
 * Under the top bar while the selected account is not connected (or may not trade): what is
 * on screen is the last known state, and the ticket will not send. The rest keeps working.
 */
export function AccountBanner({ account }: { account: TradingAccount | undefined }) {
  if (!account) return null;
  if (account.state === 'connected' && account.canTrade) return null;
  const tone = account.state === 'down' ? 'down' : account.state === 'connected' ? 'blocked' : 'reconnecting';
  let text: string;
  if (account.state === 'connected') {
    text = `${account.name} cannot trade: ${account.reason ?? 'the engine refuses its orders'}.`;
  } else {
    const detail = account.stateDetail ? ` (${account.stateDetail})` : '';
    text =
      account.state === 'connecting'
        ? `Connecting to ${account.name}${detail}… Orders can be sent once it is connected.`
        : `${account.name}: ${accountStateLabel(account.state).toLowerCase()}${detail}. Orders, positions and balances on screen are the last known; the ticket will not send until the account is back.`;
  }
  return (
    <div className={`account-banner account-banner--${tone}`} role="status" aria-label="Account connection">
      <span className={`account-state--${account.state}`}>
        <span className="account-state__dot" aria-hidden="true" />
      </span>
      <span>{text}</span>
    </div>
  );
}
