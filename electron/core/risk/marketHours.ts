import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import { addDays, NEW_YORK, nyDateOf, type MarketCalendar } from './marketCalendar';

/**
 * Whether US equities can trade at an instant, and, when not, why and when they next can,
 * in words fit for a risk denial on the order ticket.
 */

export type UsEquitySession = 'regular' | 'pre' | 'post' | 'closed';

export interface UsEquityMarketState {
  /** Whether an order may trade now: the regular session, or extended hours when allowed. */
  open: boolean;
  /** The market's phase at the instant, whatever the account allows ('pre' even when extended hours are off). */
  session: UsEquitySession;
  reason: string;
  /** When trading next becomes possible under these options; null while open (or if no open is found within a month). */
  nextOpenMs: number | null;
}

export interface MarketHoursOptions {
  /** The account may trade pre-market (04:00-09:30) and after hours (16:00-20:00). */
  extendedHours: boolean;
}

/** Far more than the longest run of closed days (weekends, holidays, special closures). */
const NEXT_OPEN_SEARCH_DAYS = 31;
const REGULAR_CLOSE = '16:00';

export function usEquityMarketState(atMs: number, calendar: MarketCalendar, opts: MarketHoursOptions): UsEquityMarketState {
  if (!Number.isFinite(atMs)) throw new RangeError(`not an instant: ${atMs}`);
  const today = nyDateOf(atMs);
  const day = calendar.session(today);
  const nextOpenMs = () => findNextOpen(atMs, today, calendar, opts);

  if (!day.open) {
    const next = nextOpenMs();
    return { open: false, session: 'closed', reason: `US markets are closed for ${day.reason}; ${whenOpens(next, today, calendar, opts)}`, nextOpenMs: next };
  }

  if (atMs >= day.openMs && atMs < day.closeMs) {
    return { open: true, session: 'regular', reason: `US markets are open; the regular session closes at ${nyClock(day.closeMs)} New York time`, nextOpenMs: null };
  }

  if (atMs >= day.preOpenMs && atMs < day.openMs) {
    if (opts.extendedHours) {
      return {
        open: true,
        session: 'pre',
        reason: `US pre-market trading is open; the regular session opens at ${nyClock(day.openMs)} New York time`,
        nextOpenMs: null,
      };
    }
    return {
      open: false,
      session: 'pre',
      reason: `US markets are in pre-market trading, and extended-hours trading is not allowed for this account; the regular session opens today at ${nyClock(day.openMs)} New York time`,
      nextOpenMs: day.openMs,
    };
  }

  if (atMs >= day.closeMs && atMs < day.afterCloseMs) {
    if (opts.extendedHours) {
      return {
        open: true,
        session: 'post',
        reason: `US after-hours trading is open until ${nyClock(day.afterCloseMs)} New York time; the regular session closed at ${nyClock(day.closeMs)}`,
        nextOpenMs: null,
      };
    }
    const next = nextOpenMs();
    return {
      open: false,
      session: 'post',
      reason: `US markets closed at ${nyClock(day.closeMs)} New York time, and extended-hours trading is not allowed for this account; ${whenOpens(next, today, calendar, opts)}`,
      nextOpenMs: next,
    };
  }

  // A trading day, but before pre-market or after the after-hours session.
  const next = nextOpenMs();
  const closedSince = atMs < day.preOpenMs ? 'US markets are closed overnight' : `US markets closed at ${nyClock(day.closeMs)} New York time`;
  return { open: false, session: 'closed', reason: `${closedSince}; ${whenOpens(next, today, calendar, opts)}`, nextOpenMs: next };
}

/** The first instant after atMs at which trading opens under opts, searching day by day. */
function findNextOpen(atMs: number, today: string, calendar: MarketCalendar, opts: MarketHoursOptions): number | null {
  for (let i = 0; i <= NEXT_OPEN_SEARCH_DAYS; i++) {
    const day = calendar.session(addDays(today, i));
    if (!day.open) continue;
    const opensAt = opts.extendedHours ? day.preOpenMs : day.openMs;
    if (opensAt > atMs) return opensAt;
  }
  return null;
}

/** "they open Friday 27 Nov at 09:30 New York time (closing early at 13:00)" and its extended-hours form. */
function whenOpens(nextOpenMs: number | null, today: string, calendar: MarketCalendar, opts: MarketHoursOptions): string {
  if (nextOpenMs === null) return 'no reopening is scheduled in the next month';
  const date = nyDateOf(nextOpenMs);
  const day = calendar.session(date);
  const when = date === today ? 'today' : format(new TZDate(nextOpenMs, NEW_YORK), 'EEEE d MMM');
  // Judged by the closing time itself, so a short day from any calendar is announced.
  const early = day.open && nyClock(day.closeMs) !== REGULAR_CLOSE ? ` (closing early at ${nyClock(day.closeMs)})` : '';
  if (opts.extendedHours && day.open) {
    return `pre-market trading opens ${when} at ${nyClock(nextOpenMs)} New York time, the regular session at ${nyClock(day.openMs)}${early}`;
  }
  return `they open ${when} at ${nyClock(nextOpenMs)} New York time${early}`;
}

function nyClock(ms: number): string {
  return format(new TZDate(ms, NEW_YORK), 'HH:mm');
}
