import { useEffect, useState } from 'react';
import type { ConnectionStatus } from '../api';
import { retryConnectionNow, useConnectionStatus } from './useConnectionStatus';

function secondsUntil(at: number | null, now: number): number | null {
  return at === null ? null : Math.max(0, Math.ceil((at - now) / 1000));
}

/** Re-renders once a second while a retry countdown is on screen. */
function useNow(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, [active]);
  return now;
}

function describe(status: ConnectionStatus, now: number): string {
  const seconds = secondsUntil(status.nextRetryAt, now);
  switch (status.state) {
    case 'connecting':
      return 'Connecting…';
    case 'connected':
      return 'Connected';
    case 'reconnecting':
      return seconds ? `Reconnecting in ${seconds}s` : 'Reconnecting…';
    case 'down':
      return seconds ? `Engine down · retry in ${seconds}s` : 'Engine down · retrying…';
  }
}

/** Connected / reconnecting / down, always visible in the header. */
export function ConnectionIndicator() {
  const status = useConnectionStatus();
  const now = useNow(status.state === 'reconnecting' || status.state === 'down');
  return (
    <div className={`connection connection--${status.state}`} role="status" aria-label="Engine connection">
      <span className="connection__dot" aria-hidden="true" />
      <span>{describe(status, now)}</span>
    </div>
  );
}

/** Under the header while the engine is unreachable: what still works and what does not. */
export function ConnectionBanner() {
  const status = useConnectionStatus();
  if (status.state !== 'down' && status.state !== 'reconnecting') return null;
  return (
    <div className={`connection-banner connection-banner--${status.state}`} role="alert">
      <span>
        {status.state === 'down'
          ? 'The trading engine is unreachable. Prices, orders and positions on screen are the last known; orders cannot be sent until it is back.'
          : 'Lost the connection to the trading engine. Reconnecting; what is on screen may be out of date.'}
      </span>
      <button type="button" className="button button--small" onClick={retryConnectionNow}>
        Retry now
      </button>
    </div>
  );
}
