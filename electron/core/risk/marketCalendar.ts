import { TZDate } from '@date-fns/tz';

/**
 * The US equity market calendar in New York time: which days trade, when the regular and
 * extended sessions open and close, and why a day is closed or short.
 *
 * Days are New York civil dates ("YYYY-MM-DD"). Instants are epoch milliseconds, computed
 * through the IANA America/New_York zone (@date-fns/tz), so daylight-saving change-overs
 * are the zone database's business, never ours.
 */

export const NEW_YORK = 'America/New_York';

/** One New York trading day's sessions as instants, or why the market is shut that day. */
export type MarketSession =
  | {
      open: true;
      /** Start of pre-market (extended) trading. */
      preOpenMs: number;
      /** Regular session open (09:30). */
      openMs: number;
      /** Regular session close (16:00, or 13:00 on an early close). */
      closeMs: number;
      /** End of after-hours (extended) trading. */
      afterCloseMs: number;
      /** Set on a short day only: why it closes early ("the day after Thanksgiving"). */
      reason?: string;
    }
  | {
      open: false;
      /** What the market is closed for, fit to follow "closed for": "Thanksgiving", "the weekend". */
      reason: string;
      preOpenMs?: undefined;
      openMs?: undefined;
      closeMs?: undefined;
      afterCloseMs?: undefined;
    };

export interface MarketCalendar {
  /** The sessions of a New York date ("YYYY-MM-DD"). */
  session(dateNy: string): MarketSession;
}

// ---- New York civil dates and wall times ------------------------------------------

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export interface CivilDate {
  year: number;
  /** 1-12 */
  month: number;
  day: number;
}

/** Parses "YYYY-MM-DD", refusing impossible dates ("2026-02-30") rather than rolling them over. */
export function parseCivilDate(text: string): CivilDate {
  const m = ISO_DATE.exec(text);
  if (!m) throw new RangeError(`not a date in YYYY-MM-DD form: "${text}"`);
  const date = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
  if (formatCivilDate(date) !== civilFromUtcMidnight(utcMidnight(date))) throw new RangeError(`no such date: "${text}"`);
  return date;
}

export function formatCivilDate({ year, month, day }: CivilDate): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

// Civil-date arithmetic only (days, weekdays) goes through UTC midnights: a date has no
// time zone, so this is exact and touches no DST rule.
function utcMidnight({ year, month, day }: CivilDate): number {
  return Date.UTC(year, month - 1, day);
}

function civilFromUtcMidnight(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function addDays(dateNy: string, days: number): string {
  return civilFromUtcMidnight(utcMidnight(parseCivilDate(dateNy)) + days * 86_400_000);
}

/** 0 = Sunday ... 6 = Saturday. */
export function weekdayOf(dateNy: string): number {
  return new Date(utcMidnight(parseCivilDate(dateNy))).getUTCDay();
}

/** The New York date at an instant. */
export function nyDateOf(atMs: number): string {
  const t = new TZDate(atMs, NEW_YORK);
  return formatCivilDate({ year: t.getFullYear(), month: t.getMonth() + 1, day: t.getDate() });
}

export interface WallTime {
  hours: number;
  minutes: number;
}

/** The instant of a New York wall-clock time on a New York date (the zone decides EST or EDT). */
export function nyInstant(dateNy: string, { hours, minutes }: WallTime): number {
  const { year, month, day } = parseCivilDate(dateNy);
  return new TZDate(year, month - 1, day, hours, minutes, NEW_YORK).getTime();
}

// ---- NYSE holidays and early closes -------------------------------------------------

const SATURDAY = 6;
const SUNDAY = 0;
const MONDAY = 1;
const THURSDAY = 4;

/** The nth (1-based) given weekday of a month, or the last one when nth is -1. */
function nthWeekday(year: number, month: number, weekday: number, nth: number): string {
  if (nth === -1) {
    const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
    const last = formatCivilDate({ year, month, day: lastDay });
    return addDays(last, -((weekdayOf(last) - weekday + 7) % 7));
  }
  const first = formatCivilDate({ year, month, day: 1 });
  return addDays(first, ((weekday - weekdayOf(first) + 7) % 7) + (nth - 1) * 7);
}

/** Easter Sunday (Gregorian), by the anonymous "Meeus/Jones/Butcher" computus. */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return formatCivilDate({ year, month, day });
}

/**
 * NYSE Rule 7.2 observance of a fixed-date holiday: Sunday moves to Monday, Saturday to the
 * Friday before. New Year's Day on a Saturday is the exception: the Friday before is
 * December 31, the last day of the accounting year, and the exchange stays open.
 */
function observed(name: string, actual: string, saturdayToFriday = true): [date: string, name: string] | null {
  const weekday = weekdayOf(actual);
  if (weekday === SUNDAY) return [addDays(actual, 1), `${name} (observed)`];
  if (weekday === SATURDAY) return saturdayToFriday ? [addDays(actual, -1), `${name} (observed)`] : null;
  return [actual, name];
}

/** Full-day NYSE closures of a year, by observed date. Observed dates never leave the year. */
export function nyseHolidays(year: number): Map<string, string> {
  const on = (month: number, day: number) => formatCivilDate({ year, month, day });
  const entries: Array<[string, string] | null> = [
    observed("New Year's Day", on(1, 1), false),
    // Martin Luther King Jr. Day has closed the exchange since 1998.
    year >= 1998 ? [nthWeekday(year, 1, MONDAY, 3), 'Martin Luther King Jr. Day'] : null,
    [nthWeekday(year, 2, MONDAY, 3), "Washington's Birthday"],
    [addDays(easterSunday(year), -2), 'Good Friday'],
    [nthWeekday(year, 5, MONDAY, -1), 'Memorial Day'],
    year >= 2022 ? observed('Juneteenth', on(6, 19)) : null,
    observed('Independence Day', on(7, 4)),
    [nthWeekday(year, 9, MONDAY, 1), 'Labor Day'],
    [nthWeekday(year, 11, THURSDAY, 4), 'Thanksgiving'],
    observed('Christmas', on(12, 25)),
  ];
  return new Map(entries.filter((e): e is [string, string] => e !== null));
}

/** 13:00 closes of a year: only when the day is a trading day (never a weekend or a holiday). */
export function nyseEarlyCloses(year: number): Map<string, string> {
  const holidays = nyseHolidays(year);
  const tradingWeekday = (date: string) => weekdayOf(date) !== SATURDAY && weekdayOf(date) !== SUNDAY && !holidays.has(date);
  const candidates: Array<[string, string]> = [
    // July 3 closes early when Independence Day is a weekday after it; when July 4 is a
    // Saturday, July 3 is the holiday itself, and a Sunday July 4 leaves July 3 a weekend.
    [formatCivilDate({ year, month: 7, day: 3 }), 'the day before Independence Day'],
    [addDays(nthWeekday(year, 11, THURSDAY, 4), 1), 'the day after Thanksgiving'],
    // Christmas Eve closes early on a weekday, unless it is the observed Christmas holiday.
    [formatCivilDate({ year, month: 12, day: 24 }), 'Christmas Eve'],
  ];
  return new Map(candidates.filter(([date]) => tradingWeekday(date)));
}

// ---- The rule-based calendar -------------------------------------------------------

const at = (hours: number, minutes: number): WallTime => ({ hours, minutes });

export const REGULAR_HOURS = { preOpen: at(4, 0), open: at(9, 30), close: at(16, 0), afterClose: at(20, 0) } as const;
/**
 * On a 13:00 early close the late (after-hours) session ends at 17:00, not 20:00, as NYSE
 * Arca and Alpaca's calendar (session_close "1700") have it.
 */
export const EARLY_CLOSE_HOURS = { close: at(13, 0), afterClose: at(17, 0) } as const;

/** NYSE's published rules: weekends, the ten holidays with their observance, three early closes. */
export class RuleCalendar implements MarketCalendar {
  private readonly years = new Map<number, { holidays: Map<string, string>; earlyCloses: Map<string, string> }>();

  session(dateNy: string): MarketSession {
    const weekday = weekdayOf(dateNy);
    if (weekday === SATURDAY || weekday === SUNDAY) return { open: false, reason: 'the weekend' };
    const { holidays, earlyCloses } = this.year(parseCivilDate(dateNy).year);
    const holiday = holidays.get(dateNy);
    if (holiday) return { open: false, reason: holiday };
    const early = earlyCloses.get(dateNy);
    const close = early ? EARLY_CLOSE_HOURS.close : REGULAR_HOURS.close;
    const afterClose = early ? EARLY_CLOSE_HOURS.afterClose : REGULAR_HOURS.afterClose;
    return {
      open: true,
      preOpenMs: nyInstant(dateNy, REGULAR_HOURS.preOpen),
      openMs: nyInstant(dateNy, REGULAR_HOURS.open),
      closeMs: nyInstant(dateNy, close),
      afterCloseMs: nyInstant(dateNy, afterClose),
      ...(early ? { reason: early } : {}),
    };
  }

  /** The holiday the rules name for a date, if any (used to explain an Alpaca closure). */
  holidayOn(dateNy: string): string | null {
    return this.year(parseCivilDate(dateNy).year).holidays.get(dateNy) ?? null;
  }

  private year(year: number) {
    let cached = this.years.get(year);
    if (!cached) {
      cached = { holidays: nyseHolidays(year), earlyCloses: nyseEarlyCloses(year) };
      this.years.set(year, cached);
    }
    return cached;
  }
}
