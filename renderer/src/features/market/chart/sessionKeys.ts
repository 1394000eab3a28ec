import type { SessionKeyOf } from './indicatorRunner';

/** Crypto trades around the clock: its session is the UTC calendar day. */
export const utcSessionKey: SessionKeyOf = (t) => Math.floor(t / 86_400);

const newYorkDate = new Intl.DateTimeFormat('en-US', {
  timeZone: 'America/New_York',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
});
/** New York day of each UTC hour seen: the zone's offset only changes on an hour boundary. */
const newYorkDays = new Map<number, number>();

/**
 * US equities: the session is the New York trading day (its calendar date, whatever the
 * daylight saving time). Dates are read with Intl once per hour of data and remembered, so
 * 100k bars cost a few thousand formatter calls, not 100k.
 */
export const newYorkSessionKey: SessionKeyOf = (t) => {
  const hour = Math.floor(t / 3_600);
  let day = newYorkDays.get(hour);
  if (day === undefined) {
    const parts = newYorkDate.formatToParts(hour * 3_600_000);
    const value = (type: string) => Number(parts.find((p) => p.type === type)?.value);
    day = Date.UTC(value('year'), value('month') - 1, value('day')) / 86_400_000;
    if (newYorkDays.size > 200_000) newYorkDays.clear();
    newYorkDays.set(hour, day);
  }
  return day;
};
