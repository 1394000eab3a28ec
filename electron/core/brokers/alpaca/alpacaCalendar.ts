import type { trading } from '@alpacahq/alpaca-trade-api';
import { z } from 'zod';
import { addDays, EARLY_CLOSE_HOURS, nyInstant, parseCivilDate, REGULAR_HOURS, RuleCalendar, type MarketCalendar, type MarketSession, type WallTime } from '../../risk/marketCalendar';
import { toVenueError } from './errors';
import { parseWire, WireError } from './wire';

/**
 * The US equity calendar as Alpaca publishes it (GET /v2/calendar): one entry per trading
 * day with its New York open and close, and the extended session when Alpaca sends it.
 * Alpaca knows what rules cannot (special closures, changed hours), so inside the range
 * it was asked for it wins; outside that range the NYSE rules answer.
 */

/** A New York wall time: "09:30" for open/close, "0400" for session_open/close. */
const WallTime = z
  .string()
  .regex(/^\d{2}:?\d{2}$/, 'expected a time as HH:MM or HHMM')
  .transform((s, ctx) => {
    const digits = s.replace(':', '');
    const hours = Number(digits.slice(0, 2));
    const minutes = Number(digits.slice(2));
    if (hours > 23 || minutes > 59) {
      ctx.addIssue({ code: 'custom', message: `not a time of day: ${s}` });
      return z.NEVER;
    }
    return { hours, minutes } satisfies WallTime;
  });

const minutesOf = (t: WallTime) => t.hours * 60 + t.minutes;

export const AlpacaCalendarDay = z
  .object({
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD'),
    open: WallTime,
    close: WallTime,
    session_open: WallTime.nullish(),
    session_close: WallTime.nullish(),
  })
  .superRefine((d, ctx) => {
    // A day whose times are out of order would open the ticket at the wrong moment.
    if (minutesOf(d.open) >= minutesOf(d.close)) ctx.addIssue({ code: 'custom', message: `${d.date}: opens at or after it closes` });
    if (d.session_open && minutesOf(d.session_open) > minutesOf(d.open)) ctx.addIssue({ code: 'custom', message: `${d.date}: extended session opens after the market` });
    if (d.session_close && minutesOf(d.session_close) < minutesOf(d.close)) ctx.addIssue({ code: 'custom', message: `${d.date}: extended session closes before the market` });
  });
export type AlpacaCalendarDay = z.infer<typeof AlpacaCalendarDay>;
export const AlpacaCalendarDays = z.array(AlpacaCalendarDay);

/** New York dates, both inclusive. */
export interface CalendarRange {
  start: string;
  end: string;
}

const REGULAR_CLOSE_MINUTES = minutesOf(REGULAR_HOURS.close);

/**
 * If Alpaca lists no trading day in a range where the rules expect this many, the answer is
 * wrong (a filter or parameter problem), not a fortnight of closures: refuse it rather than
 * deny every order.
 */
const EMPTY_ANSWER_SUSPICIOUS_AT = 10;

export class AlpacaCalendar implements MarketCalendar {
  private readonly days = new Map<string, AlpacaCalendarDay>();

  constructor(
    days: readonly AlpacaCalendarDay[],
    readonly range: CalendarRange,
    private readonly rules: RuleCalendar = new RuleCalendar(),
  ) {
    checkRange(range);
    // Alpaca's day list is only trusted for what was asked: a stray day outside the range
    // must not turn the rest of the range's silence into closures.
    for (const day of days) if (this.covers(day.date)) this.days.set(day.date, day);
  }

  /** Parses GET /v2/calendar's JSON. */
  static fromWire(json: unknown, range: CalendarRange, rules?: RuleCalendar): AlpacaCalendar {
    return new AlpacaCalendar(parseWire(AlpacaCalendarDays, json, 'the market calendar'), range, rules);
  }

  covers(dateNy: string): boolean {
    return dateNy >= this.range.start && dateNy <= this.range.end;
  }

  session(dateNy: string): MarketSession {
    parseCivilDate(dateNy);
    if (!this.covers(dateNy)) return this.rules.session(dateNy);
    const day = this.days.get(dateNy);
    const byRules = this.rules.session(dateNy);
    if (!day) {
      // Alpaca lists trading days only; a missing weekday is a closure. Name it if the rules can.
      return { open: false, reason: byRules.open ? "a market closure (not a trading day in Alpaca's calendar)" : byRules.reason };
    }
    const at = (t: WallTime) => nyInstant(dateNy, t);
    const closesEarly = minutesOf(day.close) < REGULAR_CLOSE_MINUTES;
    const earlyReason = byRules.open && byRules.reason ? byRules.reason : "an early close in Alpaca's calendar";
    return {
      open: true,
      // Without session times from Alpaca, extended hours are NYSE Arca's for that kind of day.
      preOpenMs: day.session_open ? at(day.session_open) : nyInstant(dateNy, REGULAR_HOURS.preOpen),
      openMs: at(day.open),
      closeMs: at(day.close),
      afterCloseMs: day.session_close ? at(day.session_close) : nyInstant(dateNy, (closesEarly ? EARLY_CLOSE_HOURS : REGULAR_HOURS).afterClose),
      ...(closesEarly ? { reason: earlyReason } : {}),
    };
  }
}

/**
 * Reads Alpaca's calendar for a range through the SDK's CalendarApi (configured like the
 * connection's other APIs: same host, keys, retries and rate limit).
 */
export async function loadAlpacaCalendar(api: trading.CalendarApi, range: CalendarRange, rules: RuleCalendar = new RuleCalendar()): Promise<AlpacaCalendar> {
  checkRange(range);
  // The SDK sends start/end as UTC timestamps (toISOString), and UTC midnight is the evening
  // before in New York. The endpoint takes plain dates, which is what we mean: set them as such.
  const withDates = api.withPreMiddleware(async ({ url, init }) => {
    const u = new URL(url);
    u.searchParams.set('start', range.start);
    u.searchParams.set('end', range.end);
    return { url: u.toString(), init };
  });
  try {
    const res = await withDates.legacyCalendarRaw({});
    const days = parseWire(AlpacaCalendarDays, await res.raw.json(), 'the market calendar');
    if (days.length === 0) {
      const expected = countRuleTradingDays(range, rules);
      if (expected >= EMPTY_ANSWER_SUSPICIOUS_AT) {
        throw new WireError('the market calendar', `no trading day from ${range.start} to ${range.end}, where the exchange rules expect ${expected}`);
      }
    }
    return new AlpacaCalendar(days, range, rules);
  } catch (err) {
    throw toVenueError(err, 'read');
  }
}

function checkRange({ start, end }: CalendarRange): void {
  parseCivilDate(start);
  parseCivilDate(end);
  if (start > end) throw new RangeError(`calendar range starts after it ends: ${start} > ${end}`);
}

function countRuleTradingDays(range: CalendarRange, rules: RuleCalendar): number {
  let n = 0;
  for (let d = range.start; d <= range.end; d = addDays(d, 1)) if (rules.session(d).open) n++;
  return n;
}
