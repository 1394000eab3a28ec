import { useLiveEnabledConnections } from '../api/listConnections';
import '../connections.css';

interface LiveBadgeProps {
  /** Opens the Connections view, where live trading is turned off. */
  onOpen(): void;
}

/**
 * Red and always in the top bar while any real-money account may trade. It names the
 * accounts and leads to the Connections view, where live trading is disabled.
 */
export function LiveBadge({ onOpen }: LiveBadgeProps) {
  const live = useLiveEnabledConnections();
  if (live.length === 0) return null;
  const names = live.map((c) => c.name);
  const shown = names.length === 1 ? names[0] : `${names[0]} +${names.length - 1}`;
  const description = `Live trading enabled: ${names.join(', ')}. Orders through ${names.length === 1 ? 'it' : 'them'} use real money.`;
  return (
    <button type="button" className="live-badge" onClick={onOpen} aria-label={`${description} Open connections.`} title={description}>
      <span className="live-badge__dot" aria-hidden="true" />
      <span className="live-badge__label">LIVE</span>
      <span className="live-badge__names">{shown}</span>
    </button>
  );
}
