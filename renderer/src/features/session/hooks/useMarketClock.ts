import { useEffect, useState } from 'react';
import type { SessionStatus } from '../../../../../shared/contract';

/**
 * The replay's market time, ticking: anchored on the last reading from the engine and
 * advanced at the replay speed (market minutes per wall minute) until the next reading.
 * Display only: orders and fills carry the engine's own market timestamps.
 */
export function useMarketClock(session: SessionStatus | undefined, readAt: number, live: boolean): number | null {
  const [now, setNow] = useState(() => Date.now());
  const running = Boolean(session && !session.paused && live);
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, [running]);
  if (!session) return null;
  // Without the engine nobody knows where the replay is; show the last reading, not a guess.
  if (!running) return session.marketTime;
  return session.marketTime + Math.max(0, now - readAt) * session.speed;
}
