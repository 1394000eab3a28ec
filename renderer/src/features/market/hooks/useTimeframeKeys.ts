import { useEffect, useRef } from 'react';
import type { Timeframe } from '../../../../../shared/contract';
import { timeframeOfKey } from '../lib/timeframes';

/** Typing in a field, or a modal over the page, means digits are text, not commands. */
function keysBlocked(target: EventTarget | null): boolean {
  if (document.querySelector('dialog[open]')) return true;
  if (!(target instanceof HTMLElement)) return false;
  const tag = target.tagName;
  return target.isContentEditable || tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT';
}

/** Keys 1..7 pick the chart's timeframe (1m ... 1W) while the chart is on screen. */
export function useTimeframeKeys(onTimeframe: (timeframe: Timeframe) => void): void {
  const latest = useRef(onTimeframe);
  useEffect(() => {
    latest.current = onTimeframe;
  });
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || event.repeat) return;
      if (keysBlocked(event.target)) return;
      const timeframe = timeframeOfKey(event.key);
      if (!timeframe) return;
      event.preventDefault();
      latest.current(timeframe);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}
