/**
 * A bot's trading window in a time zone, e.g. 09:45-15:30 America/New_York on weekdays.
 * Uses Intl's time zone data (the same the OS has), so daylight saving moves the window
 * with the local clock.
 */
import type { TradingHours } from '../../../shared/contract';

const formatters = new Map<string, Intl.DateTimeFormat>();

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

/** True when the name is a time zone Intl knows. */
export function isTimeZone(name: string): boolean {
  try {
    formatter(name);
    return true;
  } catch {
    return false;
  }
}

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', weekday: 'short', hour: '2-digit', minute: '2-digit' });
    formatters.set(timeZone, f);
  }
  return f;
}

/** ISO weekday (1 = Monday) and minute of the day at `ms` in the zone. */
export function localTime(ms: number, timeZone: string): { weekday: number; minute: number } {
  let weekday = 1;
  let hour = 0;
  let minute = 0;
  for (const part of formatter(timeZone).formatToParts(ms)) {
    if (part.type === 'weekday') weekday = WEEKDAYS[part.value] ?? 1;
    else if (part.type === 'hour') hour = Number(part.value) % 24;
    else if (part.type === 'minute') minute = Number(part.value);
  }
  return { weekday, minute: hour * 60 + minute };
}

const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Whether `ms` is inside the window. An end before the start spans midnight; start = end is the whole day. */
export function insideTradingHours(ms: number, hours: TradingHours): boolean {
  const { weekday, minute } = localTime(ms, hours.timeZone);
  const start = toMinutes(hours.start);
  const end = toMinutes(hours.end);
  const days = hours.days;
  if (start === end) return days.includes(weekday);
  if (start < end) return minute >= start && minute < end && days.includes(weekday);
  // Overnight: the part after midnight belongs to the window that started the day before.
  if (minute >= start) return days.includes(weekday);
  if (minute < end) return days.includes(weekday === 1 ? 7 : weekday - 1);
  return false;
}

export function describeTradingHours(hours: TradingHours): string {
  const all = hours.days.length === 7;
  const names = ['', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
  return `${hours.start}-${hours.end} ${hours.timeZone}${all ? '' : ` on ${hours.days.map((d) => names[d]).join(', ')}`}`;
}
