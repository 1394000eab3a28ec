/**
 * When a market trades, minute by minute: the rule behind session-aware aggregation
 * (which minutes make a 1h, a daily, a weekly bar) and gap detection (which minutes a
 * venue should have a bar for).
 *
 * US equities follow the NYSE calendar in New York time (risk/marketCalendar.ts: DST,
 * holidays, 13:00 early closes): the regular session 09:30-16:00, or the extended one
 * 04:00-20:00 (17:00 after an early close) when the user chooses it. Crypto, and the
 * offline sample market (a simulation that runs around the clock), trade every minute.
 *
 * Lookups are per New York day and cached, and the last day is kept at hand, so walking a
 * year of minutes in order costs one calendar lookup per day, not per minute.
 */
import { addDays, nyDateOf, nyInstant, weekdayOf, type MarketCalendar } from '../risk/marketCalendar';

export type SessionMode = 'regular' | 'extended';

export type SessionRule =
  | { readonly kind: 'always' }
  | { readonly kind: 'us_equity'; readonly session: SessionMode; readonly calendar: MarketCalendar };

export const ALWAYS: SessionRule = { kind: 'always' };

/** The rule for an instrument: crypto (and a source that never closes) trades every minute; US equities keep the calendar. */
export function sessionRuleFor(market: 'us_equity' | 'crypto', session: SessionMode, calendar: MarketCalendar, aroundTheClock = false): SessionRule {
  return market === 'crypto' || aroundTheClock ? ALWAYS : { kind: 'us_equity', session, calendar };
}

/** One New York civil day and its trading window under a session mode; times in epoch seconds. */
export interface NyDay {
  readonly date: string;
  /** New York midnight that starts the day, and the next one. */
  readonly startSec: number;
  readonly endSec: number;
  /** The chosen session's window; empty (windowStart === windowEnd) on a closed day. */
  readonly windowStart: number;
  readonly windowEnd: number;
  /** How daily bars are labelled: 00:00 UTC of the session date, the convention charts use for dates. */
  readonly dayLabel: number;
  /** 00:00 UTC of the Monday of the exchange week the day belongs to. */
  readonly weekLabel: number;
}

const DAY_MS = 86_400_000;
const MIDNIGHT = { hours: 0, minutes: 0 };

export class NyDayIndex {
  private readonly days = new Map<string, NyDay>();
  private last: NyDay | undefined;

  constructor(
    private readonly calendar: MarketCalendar,
    private readonly session: SessionMode,
  ) {}

  /** The New York day an instant (epoch s) falls in. */
  dayOf(tSec: number): NyDay {
    const last = this.last;
    if (last && tSec >= last.startSec && tSec < last.endSec) return last;
    const day = this.byDate(nyDateOf(tSec * 1000));
    this.last = day;
    return day;
  }

  byDate(date: string): NyDay {
    let day = this.days.get(date);
    if (!day) {
      day = this.build(date);
      this.days.set(date, day);
    }
    return day;
  }

  private build(date: string): NyDay {
    const startSec = nyInstant(date, MIDNIGHT) / 1000;
    const endSec = nyInstant(addDays(date, 1), MIDNIGHT) / 1000;
    const s = this.calendar.session(date);
    let windowStart = startSec;
    let windowEnd = startSec;
    if (s.open) {
      windowStart = (this.session === 'extended' ? s.preOpenMs : s.openMs) / 1000;
      windowEnd = (this.session === 'extended' ? s.afterCloseMs : s.closeMs) / 1000;
    }
    const dayLabel = Date.parse(`${date}T00:00:00Z`) / 1000;
    const mondayOffset = (weekdayOf(date) + 6) % 7;
    return { date, startSec, endSec, windowStart, windowEnd, dayLabel, weekLabel: dayLabel - (mondayOffset * DAY_MS) / 1000 };
  }
}

/**
 * The windows [start, end) in epoch seconds, in order, in which the rule expects a bar for
 * every minute, clipped to [fromSec, toSec). Bounds are rounded to whole minutes inward.
 */
export function sessionWindows(rule: SessionRule, fromSec: number, toSec: number): Array<[number, number]> {
  const from = Math.ceil(fromSec / 60) * 60;
  const to = Math.floor(toSec / 60) * 60;
  if (!(from < to)) return [];
  if (rule.kind === 'always') return [[from, to]];
  const index = new NyDayIndex(rule.calendar, rule.session);
  const out: Array<[number, number]> = [];
  let date = nyDateOf(from * 1000);
  for (;;) {
    const day = index.byDate(date);
    if (day.startSec >= to) break;
    const start = Math.max(from, day.windowStart);
    const end = Math.min(to, day.windowEnd);
    if (start < end) out.push([start, end]);
    date = addDays(date, 1);
  }
  return out;
}

/** Minutes the rule expects a bar for in [fromSec, toSec). */
export function expectedMinuteCount(rule: SessionRule, fromSec: number, toSec: number): number {
  let n = 0;
  for (const [a, b] of sessionWindows(rule, fromSec, toSec)) n += (b - a) / 60;
  return n;
}
