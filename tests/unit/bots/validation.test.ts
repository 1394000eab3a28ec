import { describe, expect, it } from 'vitest';
import type { Timeframe } from '../../../shared/contract';
import { BotConfigInput } from '../../../shared/contract';
import { ApiError } from '../../../electron/core/api/errors';
import { rulesOf } from '../../../electron/core/domain/instrument';
import { utcBucketer, type BarFeed } from '../../../electron/core/bots/barFeed';
import { loadCatalog } from '../../../electron/core/bots/strategyCatalog';
import { validateBotConfig, type ValidationDeps } from '../../../electron/core/bots/validation';
import { sampleInstruments } from '../../../electron/core/marketdata/sampleInstruments';

const rules = new Map(sampleInstruments().map((i) => [i.symbol, rulesOf(i)]));

function feed(timeframes: Timeframe[]): BarFeed {
  return {
    source: 'test-source',
    timeframes: () => timeframes,
    hasSymbol: (s) => s !== 'DYNA',
    onClosedMinute: () => () => {},
    minutes: () => [],
    bucketer: (_s, tf) => utcBucketer(tf),
    now: () => 0,
    lastPrice: () => 100,
    closeBefore: () => null,
  };
}

async function deps(over: Partial<ValidationDeps> = {}): Promise<ValidationDeps> {
  const accounts: Record<string, { name: string; mode: 'paper' | 'live'; permission: string | null }> = {
    paper: { name: 'Paper account', mode: 'paper', permission: null },
    'alpaca-paper': { name: 'Alpaca paper', mode: 'paper', permission: null },
    live: { name: 'Real money', mode: 'live', permission: '"Real money" is a live account and live trading has not been enabled for it' },
    liveOn: { name: 'Live enabled', mode: 'live', permission: null },
  };
  return {
    catalog: await loadCatalog(),
    account: (id) => accounts[id],
    permission: (id) => (id in accounts ? accounts[id]!.permission : 'unknown'),
    rules: (_a, s) => rules.get(s),
    feedFor: () => feed(['1m', '5m', '15m', '1h']),
    ...over,
  };
}

const base = {
  name: 'Cross',
  strategyId: 'ma-cross',
  params: { fast: 5, slow: 20 },
  symbols: ['ACME'],
  timeframe: '5m',
  accountId: 'paper',
  mode: 'paper',
  sizing: { method: 'fixed_qty', params: { qty: 1 } },
};

async function refuse(input: Record<string, unknown>, over: Partial<ValidationDeps> = {}): Promise<Record<string, string>> {
  const parsed = BotConfigInput.parse({ ...base, ...input });
  try {
    validateBotConfig(parsed, await deps(over), { id: 'abcdefgh', version: 1 });
  } catch (err) {
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe('BAD_REQUEST');
    return (err as ApiError).fields ?? {};
  }
  throw new Error('expected a refusal');
}

describe('bot configuration, checked in the wizard terms', () => {
  it('accepts a good configuration and fills the parameter defaults in', async () => {
    const config = validateBotConfig(BotConfigInput.parse(base), await deps(), { id: 'abcdefgh', version: 3 });
    expect(config).toMatchObject({ id: 'abcdefgh', version: 3, params: { fast: 5, slow: 20, kind: 'sma', allowShort: false }, cooldownBars: 0, maxOpenPositions: null, risk: null, tradingHours: null });
  });

  it('refuses parameters outside their range, of the wrong kind, unknown, or against their relation', async () => {
    expect(await refuse({ params: { fast: 0, slow: 20 } })).toEqual({ 'params.fast': 'Fast period must be at least 1' });
    expect(await refuse({ params: { fast: 2.5 } })).toEqual({ 'params.fast': 'Fast period must be a whole number' });
    expect(await refuse({ params: { fast: 5, slow: 9999 } })).toEqual({ 'params.slow': 'Slow period must be at most 2000' });
    expect(await refuse({ params: { fast: 5, speed: 3 } })).toEqual({ 'params.speed': 'Moving-average cross has no parameter "speed"' });
    expect(await refuse({ params: { fast: 30, slow: 20 } })).toEqual({ params: 'The fast period (30) must be shorter than the slow period (20)' });
    expect(await refuse({ strategyId: 'nope' })).toEqual({ strategyId: 'There is no strategy "nope"' });
  });

  it('refuses symbols the account cannot trade, twice-listed symbols and symbols the data source lacks', async () => {
    const f = await refuse({ symbols: ['ACME', 'ZZZZ', 'ACME', 'DYNA'] });
    expect(f['symbols.1']).toMatch(/^Paper account cannot trade ZZZZ: it has no trading rules for it/);
    expect(f['symbols.2']).toBe('ACME is listed twice');
    expect(f['symbols.3']).toBe('test-source has no bars for DYNA');
    expect(f['symbols.0']).toBeUndefined();
  });

  it('refuses a timeframe the data source lacks, and an account without any data source', async () => {
    expect(await refuse({ timeframe: '1D' })).toEqual({ timeframe: 'test-source has no 1D bars; it has 1m, 5m, 15m, 1h' });
    expect(await refuse({}, { feedFor: () => null })).toEqual({ accountId: 'No market data source delivers bars for Paper account: its connection cannot be opened; bots cannot run on it' });
    expect(await refuse({ accountId: 'elsewhere' })).toEqual({ accountId: 'There is no such account' });
  });

  it('live needs a live account with live trading enabled, and an explicit confirmation', async () => {
    expect((await refuse({ mode: 'live' })).mode).toBe('A live bot needs a live account: Paper account is a paper account. Choose paper or shadow.');
    expect((await refuse({ mode: 'live', accountId: 'alpaca-paper', confirmLive: true })).mode).toMatch(/^A live bot needs a live account: Alpaca paper is a paper account/);
    expect((await refuse({ mode: 'live', accountId: 'live', confirmLive: true })).mode).toMatch(/live trading has not been enabled for it: enable live trading for the account first, or choose shadow$/);
    expect(await refuse({ mode: 'live', accountId: 'liveOn' })).toEqual({ confirmLive: 'This bot will trade real money on Live enabled: confirm live trading to save it' });
    expect(await refuse({ mode: 'live', accountId: 'liveOn', confirmLive: false })).toHaveProperty('confirmLive');
    const ok = validateBotConfig(BotConfigInput.parse({ ...base, mode: 'live', accountId: 'liveOn', confirmLive: true }), await deps(), { id: 'x', version: 1 });
    expect(ok.mode).toBe('live');
  });

  it('refuses paper mode on a live account (shadow is the way to try a bot there), and allows shadow anywhere', async () => {
    expect((await refuse({ mode: 'paper', accountId: 'liveOn' })).mode).toMatch(/^Live enabled is a live account: a bot on it trades live or runs in shadow mode .* Choose shadow to try it\.$/);
    for (const accountId of ['paper', 'live', 'liveOn']) {
      expect(validateBotConfig(BotConfigInput.parse({ ...base, mode: 'shadow', accountId }), await deps(), { id: 'x', version: 1 }).mode).toBe('shadow');
    }
  });

  it('checks sizing, risk overrides and the trading hours field by field, all at once', async () => {
    const f = await refuse({
      sizing: { method: 'risk_per_trade', params: { riskPct: 150, extra: 1 } },
      risk: { maxOrderQty: -1 },
      tradingHours: { timeZone: 'Mars/Olympus', start: '09:30', end: '16:00' },
      params: { fast: 0 },
    });
    expect(f).toMatchObject({
      'sizing.params.riskPct': 'The risk per trade is a percentage above 0 and at most 100',
      'sizing.params.stopDistance': 'The risk per trade method needs "stopDistance"',
      'sizing.params.extra': 'The risk per trade method has no parameter "extra"',
      'risk.maxOrderQty': expect.any(String),
      'tradingHours.timeZone': '"Mars/Olympus" is not a time zone this computer knows (e.g. America/New_York)',
      'params.fast': 'Fast period must be at least 1',
    });
  });

  it('the schema refuses malformed input before any of this', () => {
    expect(BotConfigInput.safeParse({ ...base, symbols: [] }).success).toBe(false);
    expect(BotConfigInput.safeParse({ ...base, mode: 'yolo' }).success).toBe(false);
    expect(BotConfigInput.safeParse({ ...base, tradingHours: { timeZone: 'UTC', start: '9:30', end: '16:00' } }).success).toBe(false);
    expect(BotConfigInput.safeParse({ ...base, cooldownBars: -1 }).success).toBe(false);
    expect(BotConfigInput.safeParse({ ...base, extra: 1 }).success).toBe(false);
  });
});
