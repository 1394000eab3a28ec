import type { BarUpdate, ConnectionInfo } from '../../../shared/contract';
import type { BackfillJob } from '../../../shared/contract/marketdata';
import { BarStore } from '../../../electron/core/marketdata/barStore';
import type { MarketDataConfig } from '../../../electron/core/marketdata/config';
import { SampleFeed } from '../../../electron/core/marketdata/sampleFeed';
import { sampleMarket } from '../../../electron/core/marketdata/sampleInstruments';
import { SampleSource } from '../../../electron/core/marketdata/sampleSource';
import { MarketDataService } from '../../../electron/core/marketdata/service';
import type { BookSnapshot, LiveTrade } from '../../../electron/core/marketdata/source';
import type { VenueSpec } from '../../../electron/core/connections/types';
import { RuleCalendar } from '../../../electron/core/risk/marketCalendar';
import { openDatabase, type Db } from '../../../electron/core/store/database';
import type { FakeAlpacaData } from '../../support/fakeAlpaca/marketData';
import type { FakeBinanceData } from '../../support/fakeBinance/marketData';

export const ALPACA_ID = 'conn-alpaca';
export const BINANCE_ID = 'conn-binance';

export interface Recorded {
  bars: BarUpdate[];
  progress: BackfillJob[];
  trades: Array<{ source: string; symbol: string; trades: LiveTrade[] }>;
  books: Array<{ source: string; symbol: string; book: BookSnapshot }>;
}

export interface Harness {
  db: Db;
  store: BarStore;
  service: MarketDataService;
  events: Recorded;
  close(): Promise<void>;
}

const silent = process.env.MD_DEBUG ? { debug: console.log, info: console.log, warn: console.log, error: console.log } : { debug() {}, info() {}, warn() {}, error() {} };

/**
 * The market data service as the workstation builds it, on a SQLite file, with two saved
 * connections (an Alpaca account and a Binance one) whose adapters talk to the fakes.
 */
export function harness(opts: {
  dbPath: string;
  alpaca?: Pick<FakeAlpacaData, 'url' | 'streamUrl' | 'keyId' | 'secret'>;
  binance?: Pick<FakeBinanceData, 'ccxtUrls'>;
  now?: () => number;
  config?: MarketDataConfig;
}): Harness {
  const db = openDatabase(opts.dbPath);
  const store = new BarStore(db);
  const listings = sampleMarket();
  const feed = new SampleFeed({ seed: 1, listings, barStore: store, historyDays: 0, paused: true });
  feed.init();
  const connections: ConnectionInfo[] = [];
  const specs = new Map<string, VenueSpec>();
  const add = (info: Partial<ConnectionInfo> & Pick<ConnectionInfo, 'id' | 'name' | 'venue'>, spec: VenueSpec) => {
    connections.push({
      exchangeId: null,
      mode: 'paper',
      sandbox: false,
      liveEnabled: false,
      keyLast4: 'XXXX',
      storage: 'session',
      status: 'connected',
      lastTest: null,
      createdAt: 0,
      ...info,
    });
    specs.set(info.id, spec);
  };
  if (opts.alpaca) {
    add({ id: ALPACA_ID, name: 'Alpaca paper', venue: 'alpaca' }, { connectionId: ALPACA_ID, venue: 'alpaca', exchangeId: null, mode: 'paper', sandbox: false, credentials: { keyId: opts.alpaca.keyId, secret: opts.alpaca.secret } });
  }
  if (opts.binance) {
    add({ id: BINANCE_ID, name: 'Binance', venue: 'ccxt', exchangeId: 'binance' }, { connectionId: BINANCE_ID, venue: 'ccxt', exchangeId: 'binance', mode: 'live', sandbox: false, credentials: { keyId: 'k', secret: 's' } });
  }
  const events: Recorded = { bars: [], progress: [], trades: [], books: [] };
  const config: MarketDataConfig = {
    ...(opts.alpaca && {
      alpaca: { dataUrl: opts.alpaca.url, tradingUrl: opts.alpaca.url, streamUrl: opts.alpaca.streamUrl, timeoutMs: 3_000, reconnect: { initialMs: 50, maxMs: 200, jitter: 0.2 } },
    }),
    ...(opts.binance && { ccxt: { urlsOverride: opts.binance.ccxtUrls, stream: false, pollIntervalMs: 50, timeoutMs: 3_000, reconnect: { initialMs: 50, maxMs: 200 } } }),
    rateLimits: { alpaca: { perSecond: 200, burst: 50 }, binance: { perSecond: 200, burst: 50 } },
    backfill: { progressIntervalMs: 50, retry: { attempts: 3, baseDelayMs: 10, maxDelayMs: 50 } },
    live: { catchUpMaxMinutes: 60 },
  };
  // Section by section, so a test can change one setting without losing the fakes' endpoints.
  for (const [key, value] of Object.entries(opts.config ?? {}) as Array<[keyof MarketDataConfig, unknown]>) {
    const base = config[key];
    (config as Record<string, unknown>)[key] = base && typeof base === 'object' && value && typeof value === 'object' ? { ...base, ...value } : value;
  }
  const service = new MarketDataService({
    db,
    bars: store,
    sample: new SampleSource({ store, feed, listings, seed: 1, instruments: () => listings.map((l) => l.instrument) }),
    connections: { list: () => connections, onChange: () => () => undefined, marketDataSpec: (id) => specs.get(id) ?? null },
    calendar: new RuleCalendar(),
    log: silent,
    now: opts.now,
    config,
    emit: {
      bar: (u) => events.bars.push(u),
      trades: (source, symbol, trades) => events.trades.push({ source, symbol, trades }),
      book: (source, symbol, book) => events.books.push({ source, symbol, book }),
      backfillProgress: (job) => events.progress.push(job),
    },
  });
  return {
    db,
    store,
    service,
    events,
    close: async () => {
      await service.close();
      feed.stop();
      db.close();
    },
  };
}

export async function until<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 8_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A clock that runs with real time and can jump ahead, shared by a fake venue and the engine. */
export function clock(startMs: number) {
  const realStart = Date.now();
  let offset = 0;
  return {
    now: () => startMs + (Date.now() - realStart) + offset,
    advance: (ms: number) => {
      offset += ms;
    },
  };
}
