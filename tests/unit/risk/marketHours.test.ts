import { trading } from '@alpacahq/alpaca-trade-api';
import { afterEach, describe, expect, it } from 'vitest';
import { AlpacaCalendar, AlpacaCalendarDays, loadAlpacaCalendar, type AlpacaCalendarDay } from '../../../electron/core/brokers/alpaca/alpacaCalendar';
import { WireError, parseWire } from '../../../electron/core/brokers/alpaca/wire';
import { VenueError } from '../../../electron/core/brokers/port';
import { easterSunday, nyseEarlyCloses, nyseHolidays, RuleCalendar, type MarketCalendar } from '../../../electron/core/risk/marketCalendar';
import { usEquityMarketState } from '../../../electron/core/risk/marketHours';
import { startFakeAlpaca, type FakeAlpaca } from '../../support/fakeAlpaca';

/**
 * Every instant below is written in UTC and was worked out by hand from New York time:
 * EST is UTC-5 (November to March), EDT is UTC-4 (March to November). In 2026 EDT starts
 * Sunday 8 March and ends Sunday 1 November.
 */

const rules = new RuleCalendar();
const utc = (iso: string) => Date.parse(iso);
const regularOnly = { extendedHours: false };
const extended = { extendedHours: true };
const at = (iso: string, opts = regularOnly, calendar: MarketCalendar = rules) => usEquityMarketState(utc(iso), calendar, opts);

describe('regular session across the March DST change-over (EST -> EDT on 2026-03-08)', () => {
  it('Friday 2026-03-06 is EST: 09:30 ET = 14:30 UTC, 16:00 ET = 21:00 UTC', () => {
    expect(at('2026-03-06T14:29:00Z')).toMatchObject({ open: false, session: 'pre', nextOpenMs: utc('2026-03-06T14:30:00Z') });
    expect(at('2026-03-06T14:30:00Z')).toMatchObject({ open: true, session: 'regular', nextOpenMs: null });
    expect(at('2026-03-06T20:59:59Z')).toMatchObject({ open: true, session: 'regular' });
    expect(at('2026-03-06T21:00:00Z')).toMatchObject({ open: false, session: 'post' });
  });

  it('Monday 2026-03-09 is EDT: 09:30 ET = 13:30 UTC, 16:00 ET = 20:00 UTC', () => {
    expect(at('2026-03-09T13:29:00Z')).toMatchObject({ open: false, session: 'pre' });
    expect(at('2026-03-09T13:30:00Z')).toMatchObject({ open: true, session: 'regular' });
    expect(at('2026-03-09T19:59:00Z')).toMatchObject({ open: true, session: 'regular' });
    expect(at('2026-03-09T20:00:00Z')).toMatchObject({ open: false, session: 'post' });
  });

  it('from Friday evening the next open is Monday 09:30 EDT, an hour earlier in UTC than Friday', () => {
    const s = at('2026-03-06T21:30:00Z');
    expect(s.nextOpenMs).toBe(utc('2026-03-09T13:30:00Z'));
    expect(s.reason).toBe(
      'US markets closed at 16:00 New York time, and extended-hours trading is not allowed for this account; they open Monday 9 Mar at 09:30 New York time',
    );
  });
});

describe('regular session across the November DST change-over (EDT -> EST on 2026-11-01)', () => {
  it('Friday 2026-10-30 is EDT: 13:30-20:00 UTC', () => {
    expect(at('2026-10-30T13:29:00Z').open).toBe(false);
    expect(at('2026-10-30T13:30:00Z').open).toBe(true);
    expect(at('2026-10-30T19:59:00Z').open).toBe(true);
    expect(at('2026-10-30T20:00:00Z').open).toBe(false);
  });

  it('Monday 2026-11-02 is EST: 14:30-21:00 UTC, and the weekend points there', () => {
    expect(at('2026-11-02T13:30:00Z')).toMatchObject({ open: false, session: 'pre' });
    expect(at('2026-11-02T14:29:00Z').open).toBe(false);
    expect(at('2026-11-02T14:30:00Z').open).toBe(true);
    expect(at('2026-11-02T20:59:00Z').open).toBe(true);
    expect(at('2026-11-02T21:00:00Z').open).toBe(false);
    // Sunday 2026-11-01 10:00 EST = 15:00 UTC.
    const sunday = at('2026-11-01T15:00:00Z');
    expect(sunday).toMatchObject({ open: false, session: 'closed', nextOpenMs: utc('2026-11-02T14:30:00Z') });
    expect(sunday.reason).toBe('US markets are closed for the weekend; they open Monday 2 Nov at 09:30 New York time');
  });
});

describe('extended hours (04:00-09:30 and 16:00-20:00 New York time)', () => {
  it('pre-market on Monday 2026-03-09 (EDT) starts at 04:00 ET = 08:00 UTC, for accounts that allow it', () => {
    expect(at('2026-03-09T07:59:00Z', extended)).toMatchObject({ open: false, session: 'closed', nextOpenMs: utc('2026-03-09T08:00:00Z') });
    expect(at('2026-03-09T07:59:00Z', extended).reason).toBe(
      'US markets are closed overnight; pre-market trading opens today at 04:00 New York time, the regular session at 09:30',
    );
    expect(at('2026-03-09T08:00:00Z', extended)).toMatchObject({ open: true, session: 'pre', nextOpenMs: null });
    const refused = at('2026-03-09T08:00:00Z', regularOnly);
    expect(refused).toMatchObject({ open: false, session: 'pre', nextOpenMs: utc('2026-03-09T13:30:00Z') });
    expect(refused.reason).toContain('extended-hours trading is not allowed for this account; the regular session opens today at 09:30 New York time');
  });

  it('after hours on Monday 2026-11-02 (EST) run to 20:00 ET = 01:00 UTC on the 3rd, a different UTC date', () => {
    expect(at('2026-11-02T21:00:00Z', extended)).toMatchObject({ open: true, session: 'post' });
    expect(at('2026-11-03T00:59:00Z', extended)).toMatchObject({ open: true, session: 'post' });
    // Tuesday pre-market: 04:00 EST = 09:00 UTC.
    expect(at('2026-11-03T01:00:00Z', extended)).toMatchObject({ open: false, session: 'closed', nextOpenMs: utc('2026-11-03T09:00:00Z') });
    expect(at('2026-11-03T01:00:00Z', regularOnly)).toMatchObject({ open: false, nextOpenMs: utc('2026-11-03T14:30:00Z') });
  });
});

describe('holidays and early closes', () => {
  it('Thanksgiving 2026-11-26 is closed all day; the reason names it and the short day after', () => {
    for (const iso of ['2026-11-26T09:30:00Z', '2026-11-26T15:00:00Z', '2026-11-26T22:00:00Z']) {
      expect(at(iso).open).toBe(false);
      expect(at(iso, extended).open).toBe(false);
    }
    const s = at('2026-11-26T15:00:00Z');
    expect(s.reason).toBe('US markets are closed for Thanksgiving; they open Friday 27 Nov at 09:30 New York time (closing early at 13:00)');
    expect(s.nextOpenMs).toBe(utc('2026-11-27T14:30:00Z'));
    // With extended hours the next open is Friday's pre-market, 04:00 EST = 09:00 UTC.
    expect(at('2026-11-26T15:00:00Z', extended).nextOpenMs).toBe(utc('2026-11-27T09:00:00Z'));
  });

  it('Black Friday 2026-11-27 closes at 13:00 EST = 18:00 UTC; after hours end at 17:00 EST = 22:00 UTC', () => {
    expect(at('2026-11-27T17:59:00Z')).toMatchObject({ open: true, session: 'regular' });
    expect(at('2026-11-27T17:59:00Z').reason).toBe('US markets are open; the regular session closes at 13:00 New York time');
    expect(at('2026-11-27T18:00:00Z')).toMatchObject({ open: false, session: 'post', nextOpenMs: utc('2026-11-30T14:30:00Z') });
    expect(at('2026-11-27T18:00:00Z', extended)).toMatchObject({ open: true, session: 'post' });
    expect(at('2026-11-27T21:59:00Z', extended)).toMatchObject({ open: true, session: 'post' });
    expect(at('2026-11-27T22:00:00Z', extended)).toMatchObject({ open: false, session: 'closed', nextOpenMs: utc('2026-11-30T09:00:00Z') });
  });

  it('Good Friday 2026-04-03 (Easter is 5 April) is closed; Monday 6 April opens at 09:30 EDT = 13:30 UTC', () => {
    expect(easterSunday(2026)).toBe('2026-04-05');
    const s = at('2026-04-03T14:00:00Z');
    expect(s).toMatchObject({ open: false, session: 'closed', nextOpenMs: utc('2026-04-06T13:30:00Z') });
    expect(s.reason).toBe('US markets are closed for Good Friday; they open Monday 6 Apr at 09:30 New York time');
  });

  it('July 4 2026 is a Saturday: observed Friday July 3; Thursday July 2 is a full day (16:00 EDT = 20:00 UTC)', () => {
    expect(at('2026-07-03T15:00:00Z').reason).toBe('US markets are closed for Independence Day (observed); they open Monday 6 Jul at 09:30 New York time');
    expect(at('2026-07-02T19:59:00Z').open).toBe(true);
    expect(at('2026-07-02T20:00:00Z').open).toBe(false);
  });

  it('July 3 closes early when Independence Day follows on a weekday (2025: Thursday, 13:00 EDT = 17:00 UTC)', () => {
    expect(at('2025-07-03T16:59:00Z').open).toBe(true);
    expect(at('2025-07-03T17:00:00Z').open).toBe(false);
    expect(at('2025-07-04T15:00:00Z').reason).toContain('closed for Independence Day;');
  });

  it('New Year 2028 is a Saturday and is NOT observed on Friday 2027-12-31, a full day (EST: 14:30-21:00 UTC)', () => {
    expect(at('2027-12-31T14:29:00Z').open).toBe(false);
    expect(at('2027-12-31T14:30:00Z').open).toBe(true);
    expect(at('2027-12-31T20:59:00Z').open).toBe(true);
    const saturday = at('2028-01-01T15:00:00Z');
    expect(saturday.reason).toBe('US markets are closed for the weekend; they open Monday 3 Jan at 09:30 New York time');
    expect([...nyseHolidays(2028).values()]).not.toContain("New Year's Day (observed)");
    expect(nyseHolidays(2027).has('2027-12-31')).toBe(false);
  });

  it('Juneteenth 2027 is a Saturday: observed Friday June 18; before 2022 it was a trading day', () => {
    expect(at('2027-06-18T15:00:00Z').reason).toBe('US markets are closed for Juneteenth (observed); they open Monday 21 Jun at 09:30 New York time');
    expect(at('2021-06-18T15:00:00Z').open).toBe(true);
  });

  it("the rules reproduce NYSE's published 2026 and 2027 holidays and early closes", () => {
    expect([...nyseHolidays(2026).keys()].sort()).toEqual([
      '2026-01-01',
      '2026-01-19',
      '2026-02-16',
      '2026-04-03',
      '2026-05-25',
      '2026-06-19',
      '2026-07-03',
      '2026-09-07',
      '2026-11-26',
      '2026-12-25',
    ]);
    expect([...nyseEarlyCloses(2026).keys()].sort()).toEqual(['2026-11-27', '2026-12-24']);
    expect([...nyseHolidays(2027).keys()].sort()).toEqual([
      '2027-01-01',
      '2027-01-18',
      '2027-02-15',
      '2027-03-26',
      '2027-05-31',
      '2027-06-18',
      '2027-07-05',
      '2027-09-06',
      '2027-11-25',
      '2027-12-24',
    ]);
    // July 3 2027 is a Saturday and Christmas Eve is the observed holiday: only Black Friday is short.
    expect([...nyseEarlyCloses(2027).keys()]).toEqual(['2027-11-26']);
  });

  it('the Easter computus matches known Easter Sundays', () => {
    expect(['2008', '2011', '2019', '2024', '2025', '2027'].map((y) => easterSunday(Number(y)))).toEqual([
      '2008-03-23',
      '2011-04-24',
      '2019-04-21',
      '2024-03-31',
      '2025-04-20',
      '2027-03-28',
    ]);
  });

  it('a Sunday holiday moves to Monday (Christmas 2022 -> Monday 26 Dec)', () => {
    expect(nyseHolidays(2022).get('2022-12-26')).toBe('Christmas (observed)');
    expect(rules.session('2022-12-26').open).toBe(false);
  });
});

describe('AlpacaCalendar: Alpaca overrides the rules inside its range', () => {
  // Thanksgiving week 2026 as a fixture, with a special closure on Wednesday 25 Nov (the
  // rules would open it) and Tuesday 24 Nov closing early at 14:00.
  const wireDays = [
    { date: '2026-11-23', open: '09:30', close: '16:00', session_open: '0400', session_close: '2000', settlement_date: '2026-11-24' },
    { date: '2026-11-24', open: '09:30', close: '14:00', session_open: '0400', session_close: '1800', settlement_date: '2026-11-25' },
    { date: '2026-11-27', open: '09:30', close: '13:00', session_open: '0400', session_close: '1700', settlement_date: '2026-11-30' },
    { date: '2026-11-30', open: '09:30', close: '16:00', session_open: '0400', session_close: '2000', settlement_date: '2026-12-01' },
    // Outside the range asked for: ignored.
    { date: '2026-12-25', open: '09:30', close: '16:00' },
  ];
  const calendar = AlpacaCalendar.fromWire(wireDays, { start: '2026-11-23', end: '2026-11-30' });

  it('a weekday Alpaca does not list is closed, though the rules would open it', () => {
    expect(rules.session('2026-11-25').open).toBe(true);
    const s = at('2026-11-25T15:00:00Z', regularOnly, calendar);
    expect(s.open).toBe(false);
    expect(s.reason).toBe(
      "US markets are closed for a market closure (not a trading day in Alpaca's calendar); they open Friday 27 Nov at 09:30 New York time (closing early at 13:00)",
    );
    // Tuesday 24 Nov at 16:30 EST: the next open skips the closure and Thanksgiving.
    expect(at('2026-11-24T21:30:00Z', regularOnly, calendar).nextOpenMs).toBe(utc('2026-11-27T14:30:00Z'));
  });

  it("Alpaca's hours are used: Tuesday closes at 14:00 EST = 19:00 UTC, after hours to 18:00 EST = 23:00 UTC", () => {
    expect(at('2026-11-24T18:59:00Z', regularOnly, calendar).open).toBe(true);
    expect(at('2026-11-24T19:00:00Z', regularOnly, calendar).open).toBe(false);
    expect(at('2026-11-24T22:59:00Z', extended, calendar)).toMatchObject({ open: true, session: 'post' });
    expect(at('2026-11-24T23:00:00Z', extended, calendar).open).toBe(false);
    expect(calendar.session('2026-11-24')).toMatchObject({ open: true, reason: "an early close in Alpaca's calendar" });
  });

  it('closures the rules know keep their names; dates outside the range fall back to the rules', () => {
    expect(calendar.session('2026-11-26')).toEqual({ open: false, reason: 'Thanksgiving' });
    expect(calendar.session('2026-11-28')).toEqual({ open: false, reason: 'the weekend' });
    expect(calendar.session('2026-11-27')).toMatchObject({ open: true, reason: 'the day after Thanksgiving', closeMs: utc('2026-11-27T18:00:00Z') });
    // Listed by Alpaca but outside the range: the rules' Christmas stands.
    expect(calendar.session('2026-12-25')).toEqual({ open: false, reason: 'Christmas' });
    // Christmas Eve by the rules: 13:00 EST = 18:00 UTC.
    expect(at('2026-12-24T17:59:00Z', regularOnly, calendar).open).toBe(true);
    expect(at('2026-12-24T18:00:00Z', regularOnly, calendar).open).toBe(false);
  });

  it('Alpaca wins when it opens a day the rules call a holiday', () => {
    const goodFridayOpen = AlpacaCalendar.fromWire([{ date: '2026-04-03', open: '09:30', close: '16:00' }], { start: '2026-04-03', end: '2026-04-03' });
    // Without session times the extended hours are 04:00-20:00 EDT = 08:00-00:00 UTC.
    expect(goodFridayOpen.session('2026-04-03')).toEqual({
      open: true,
      preOpenMs: utc('2026-04-03T08:00:00Z'),
      openMs: utc('2026-04-03T13:30:00Z'),
      closeMs: utc('2026-04-03T20:00:00Z'),
      afterCloseMs: utc('2026-04-04T00:00:00Z'),
    });
  });

  it('refuses days it cannot read or whose hours are out of order', () => {
    const range = { start: '2026-11-23', end: '2026-11-30' };
    expect(() => AlpacaCalendar.fromWire([{ date: '2026-11-23', open: '16:00', close: '09:30' }], range)).toThrow(WireError);
    expect(() => AlpacaCalendar.fromWire([{ date: '2026-11-23', open: '9.30', close: '16:00' }], range)).toThrow(WireError);
    expect(() => AlpacaCalendar.fromWire([{ date: '2026-11-23', open: '09:30', close: '25:00' }], range)).toThrow(WireError);
    expect(() => new AlpacaCalendar([], { start: '2026-11-30', end: '2026-11-23' })).toThrow(RangeError);
  });
});

describe('loadAlpacaCalendar through the SDK', () => {
  let fake: FakeAlpaca | undefined;
  afterEach(async () => {
    await fake?.close();
    fake = undefined;
  });

  it('asks the fake Alpaca for plain New York dates and trusts its days within the range', async () => {
    fake = await startFakeAlpaca();
    const api = new trading.CalendarApi(new trading.Configuration({ basePath: fake.baseUrl, keyId: fake.keyId, secret: fake.secret, paper: true }));
    const calendar = await loadAlpacaCalendar(api, { start: '2026-11-23', end: '2026-11-29' });
    const request = fake.controls.requests().find((r) => r.path === '/v2/calendar');
    expect(request?.query).toMatchObject({ start: '2026-11-23', end: '2026-11-29' });
    // The fake lists every weekday, Thanksgiving included: inside the range Alpaca's word wins.
    expect(calendar.session('2026-11-26')).toMatchObject({ open: true, openMs: utc('2026-11-26T14:30:00Z'), closeMs: utc('2026-11-26T21:00:00Z') });
    expect(calendar.session('2026-11-28')).toEqual({ open: false, reason: 'the weekend' });
    expect(calendar.session('2026-12-25')).toEqual({ open: false, reason: 'Christmas' });
  });

  it('wrong keys end in a VenueError, as every Alpaca read does', async () => {
    fake = await startFakeAlpaca();
    const api = new trading.CalendarApi(new trading.Configuration({ basePath: fake.baseUrl, keyId: fake.keyId, secret: 'wrong', paper: true, retry: { maxRetries: 0 } }));
    await expect(loadAlpacaCalendar(api, { start: '2026-11-23', end: '2026-11-29' })).rejects.toBeInstanceOf(VenueError);
  });

  it('an empty answer for a range the rules expect weeks of trading in is refused, not taken as a closure', async () => {
    const emptyAnswer = async () => new Response('[]', { status: 200, headers: { 'Content-Type': 'application/json' } });
    const api = new trading.CalendarApi(new trading.Configuration({ basePath: 'http://127.0.0.1:9', keyId: 'k', secret: 's', paper: true, fetchApi: emptyAnswer }));
    await expect(loadAlpacaCalendar(api, { start: '2026-11-01', end: '2026-11-30' })).rejects.toThrow(/no trading day from 2026-11-01 to 2026-11-30/);
    // A short range may honestly hold no trading day (a weekend).
    const weekend = await loadAlpacaCalendar(api, { start: '2026-11-28', end: '2026-11-29' });
    expect(weekend.session('2026-11-28').open).toBe(false);
  });

  it('the wire schema reads the fields Alpaca documents', () => {
    const days: AlpacaCalendarDay[] = parseWire(
      AlpacaCalendarDays,
      [{ date: '2024-11-29', open: '09:30', close: '13:00', session_open: '0400', session_close: '1700', settlement_date: '2024-12-02' }],
      'the market calendar',
    );
    expect(days[0]).toEqual({
      date: '2024-11-29',
      open: { hours: 9, minutes: 30 },
      close: { hours: 13, minutes: 0 },
      session_open: { hours: 4, minutes: 0 },
      session_close: { hours: 17, minutes: 0 },
    });
  });
});
