/**
 * The sample market's price process: deterministic, seeded, plausible 1-minute bars.
 *
 * Continuability is the design constraint: the bar of minute t is a pure function of
 * (seed, symbol, t, close of minute t-1). Nothing else carries over, so after a restart the
 * feed picks up from the last stored close and produces exactly the bars an uninterrupted
 * run would have produced. Slow structure (volatility regimes, trend episodes, the long-run
 * price level) is therefore a function of time itself, never of accumulated state.
 *
 * Every minute is generated as a short path of ticks and the bar is the aggregate of that
 * path, computed once here for history and incrementally by the live feed with the same
 * arithmetic (first, max, min, last, in-order sum), so replayed and stored bars agree exactly.
 *
 * Prices are binary floats rounded to the tick: fine for charts, indicators and the sample
 * replay. Money in the OMS is decimal elsewhere.
 */
import type { BarColumns, Timeframe } from '../../../shared/contract/market';
import { gaussian, hashCombine, hashSeed, hashString, randomFromKey, type Random } from './prng';

export type SampleKind = 'equity' | 'crypto';

/** How one fictional instrument behaves. */
export interface SymbolProfile {
  readonly symbol: string;
  /** Equities follow a US-session day (U-shaped activity, quiet outside it); crypto never sleeps. */
  readonly kind: SampleKind;
  /** Long-run price level at 2024-01-01T00:00Z; the level then grows at `annualDrift`. */
  readonly startPrice: number;
  /** Expected log growth per year, e.g. 0.08. */
  readonly annualDrift: number;
  /** Long-run annualised volatility, averaged over calm, normal and turbulent regimes, e.g. 0.35. */
  readonly annualVolatility: number;
  /** Mean volume per minute in an active, normal minute (session minute for equities). */
  readonly typicalVolume: number;
  readonly tickSize: number;
  /** Granularity of traded size; every tick trades at least one lot. */
  readonly lotSize: number;
  /** Expected number of price jumps per day (default 0.4 for equities, 1 for crypto). */
  readonly jumpsPerDay?: number;
}

/** Bars in columns, typed arrays for speed; convert with `toBarColumns` at the boundary. */
export interface BarArrays {
  /** Bar open time, epoch seconds. */
  readonly t: Float64Array;
  readonly o: Float64Array;
  readonly h: Float64Array;
  readonly l: Float64Array;
  readonly c: Float64Array;
  readonly v: Float64Array;
}

/** The trades inside one minute, in time order. Their aggregate is the minute's bar. */
export interface MinuteTicks {
  readonly prices: number[];
  readonly volumes: number[];
  /** Milliseconds after the minute's open, strictly increasing, each in (0, 60000). */
  readonly offsetsMs: number[];
}

export const MIN_TICKS_PER_MINUTE = 6;
export const MAX_TICKS_PER_MINUTE = 12;

const SECONDS_PER_MINUTE = 60;
const MINUTES_PER_DAY = 1440;
const SECONDS_PER_YEAR = 365 * 86_400;
/** 2024-01-01T00:00:00Z: where `startPrice` applies. */
const ANCHOR_EPOCH_SEC = 1_704_067_200;

// Volatility regimes last a few hours; half of the blocks follow the day's "weather" so that
// turbulent (or calm) blocks cluster, as they do in real markets.
const REGIME_BLOCK_MINUTES = 180;
const BLOCKS_PER_WEATHER = 8;
const WEATHER_PERSISTENCE = 0.5;
/** Regime changes fade in over this many minutes instead of switching in one bar. */
const REGIME_BLEND_MINUTES = 20;
const REGIMES = [
  { upTo: 0.3, volatility: 0.55, activity: 0.7 }, // calm
  { upTo: 0.8, volatility: 1.0, activity: 1.0 }, // normal
  { upTo: 1.0, volatility: 1.9, activity: 1.6 }, // turbulent
] as const;
/** Mean squared volatility multiplier over regimes (the weather only clusters them). */
const REGIME_MEAN_VARIANCE = REGIMES.reduce(
  (sum, r, i) => sum + (r.upTo - (i > 0 ? REGIMES[i - 1]!.upTo : 0)) * r.volatility ** 2,
  0,
);
/** Per-minute trend as a fraction of the minute's volatility: over a block, about half a sigma. */
const TREND_STRENGTH = 0.04;
/**
 * The log price is pulled back towards its long-run level with this half-life. Without it a
 * replay left running for months at high speed wanders to absurd prices; with it the sample
 * stays recognisable while still trending for weeks.
 */
const REVERSION_HALF_LIFE_MINUTES = 90 * MINUTES_PER_DAY;
/** Jump size, in normal-regime minute sigmas (one standard deviation). */
const JUMP_SIGMAS = 12;

// A simplified US session in UTC (13:30-20:00, daylight time all year): the sample market
// keeps equities trading around the clock so the app is alive whenever it is opened, but the
// activity shape makes the session visible on the chart.
const SESSION_OPEN_MINUTE = 13 * 60 + 30;
const SESSION_CLOSE_MINUTE = 20 * 60;
const OFF_SESSION_VOLUME = 0.05;
const OFF_SESSION_VOLATILITY = 0.3;

// Tags keep the random streams of different purposes apart.
const TAG_MINUTE = 0x4d494e31;
const TAG_REGIME = 0x52454731;
const TAG_WEATHER = 0x57545231;

/** The close the series starts from when nothing precedes it: its long-run level at `tSec`. */
export function referencePrice(profile: SymbolProfile, tSec: number): number {
  const years = (tSec - ANCHOR_EPOCH_SEC) / SECONDS_PER_YEAR;
  return Math.max(profile.tickSize, makeRounder(profile.tickSize)(profile.startPrice * Math.exp(profile.annualDrift * years)));
}

/** Converts typed columns to the contract's plain-array `BarColumns` shape (what crosses IPC). */
export function toBarColumns(symbol: string, timeframe: Timeframe, bars: BarArrays): BarColumns {
  return {
    symbol,
    timeframe,
    t: Array.from(bars.t),
    o: Array.from(bars.o),
    h: Array.from(bars.h),
    l: Array.from(bars.l),
    c: Array.from(bars.c),
    v: Array.from(bars.v),
  };
}

/**
 * `count` consecutive 1-minute bars starting at `startSec` (a whole minute). Without
 * `prevClose` the series starts from the profile's long-run level at `startSec`; pass the last
 * stored close to continue an existing series exactly.
 */
export function generateHistory(
  profile: SymbolProfile,
  seed: number,
  startSec: number,
  count: number,
  prevClose?: number,
): BarArrays {
  return new SampleSeries(profile, seed).history(startSec, count, prevClose);
}

/** The ticks of minute `tSec` following a close of `prevClose`. */
export function generateMinuteTicks(profile: SymbolProfile, seed: number, tSec: number, prevClose: number): MinuteTicks {
  return new SampleSeries(profile, seed).minuteTicks(tSec, prevClose);
}

interface Regime {
  volatility: number;
  activity: number;
  trend: number;
}

/**
 * One symbol's series for one seed, with the per-symbol constants and a one-block regime memo
 * precomputed. Holding one avoids redoing that work every minute (the live feed keeps one per
 * symbol); the results are the same as the free functions above.
 */
export class SampleSeries {
  private readonly minuteBase: number;
  private readonly regimeBase: number;
  private readonly weatherBase: number;
  private readonly sigmaMinute: number;
  private readonly driftMinute: number;
  private readonly reversion: number;
  private readonly jumpProbability: number;
  private readonly roundPrice: (x: number) => number;
  private readonly roundVolume: (x: number) => number;
  /** Per minute of the UTC day: multiplier of volatility, and of volume. */
  private readonly volatilityShape: Float64Array;
  private readonly volumeShape: Float64Array;
  private memoBlock = Number.NaN;
  private memoRegime: Regime = { volatility: 1, activity: 1, trend: 0 };
  private memoPrevious: Regime = { volatility: 1, activity: 1, trend: 0 };
  // Scratch for one minute's path; copied out by the public methods.
  private readonly prices = new Float64Array(MAX_TICKS_PER_MINUTE);
  private readonly volumes = new Float64Array(MAX_TICKS_PER_MINUTE);
  private readonly offsets = new Float64Array(MAX_TICKS_PER_MINUTE);

  constructor(
    readonly profile: SymbolProfile,
    readonly seed: number,
  ) {
    validateProfile(profile);
    const base = hashCombine(hashSeed(seed), hashString(profile.symbol));
    this.minuteBase = hashCombine(base, TAG_MINUTE);
    this.regimeBase = hashCombine(base, TAG_REGIME);
    this.weatherBase = hashCombine(base, TAG_WEATHER);
    this.volatilityShape = new Float64Array(MINUTES_PER_DAY);
    this.volumeShape = new Float64Array(MINUTES_PER_DAY);
    let dailyVariance = 0;
    for (let m = 0; m < MINUTES_PER_DAY; m++) {
      const { volatility, volume } = intradayShape(profile.kind, m);
      this.volatilityShape[m] = volatility;
      this.volumeShape[m] = volume;
      dailyVariance += volatility * volatility;
    }
    // Scale so that the long-run average over regimes has the profile's annual volatility
    // (365-day year: the sample market trades every day).
    this.sigmaMinute = profile.annualVolatility / Math.sqrt(365 * dailyVariance * REGIME_MEAN_VARIANCE);
    this.driftMinute = profile.annualDrift / (365 * MINUTES_PER_DAY);
    this.reversion = Math.LN2 / REVERSION_HALF_LIFE_MINUTES;
    const jumpsPerDay = profile.jumpsPerDay ?? (profile.kind === 'equity' ? 0.4 : 1);
    this.jumpProbability = jumpsPerDay / MINUTES_PER_DAY;
    this.roundPrice = makeRounder(profile.tickSize);
    this.roundVolume = makeRounder(profile.lotSize);
  }

  history(startSec: number, count: number, prevClose?: number): BarArrays {
    assertMinute(startSec);
    if (!Number.isSafeInteger(count) || count < 0) throw new Error(`Bar count must be a non-negative integer, got ${count}.`);
    let previous = prevClose ?? referencePrice(this.profile, startSec);
    assertPrice(previous);
    const bars: BarArrays = {
      t: new Float64Array(count),
      o: new Float64Array(count),
      h: new Float64Array(count),
      l: new Float64Array(count),
      c: new Float64Array(count),
      v: new Float64Array(count),
    };
    const { prices, volumes } = this;
    for (let i = 0; i < count; i++) {
      const t = startSec + i * SECONDS_PER_MINUTE;
      const n = this.simulateMinute(t, previous);
      // The same aggregation the live feed performs tick by tick.
      let high = prices[0]!;
      let low = high;
      let volume = 0;
      for (let k = 0; k < n; k++) {
        const p = prices[k]!;
        if (p > high) high = p;
        if (p < low) low = p;
        volume += volumes[k]!;
      }
      previous = prices[n - 1]!;
      bars.t[i] = t;
      bars.o[i] = prices[0]!;
      bars.h[i] = high;
      bars.l[i] = low;
      bars.c[i] = previous;
      bars.v[i] = volume;
    }
    return bars;
  }

  minuteTicks(tSec: number, prevClose: number): MinuteTicks {
    assertMinute(tSec);
    assertPrice(prevClose);
    const n = this.simulateMinute(tSec, prevClose);
    return {
      prices: Array.from(this.prices.subarray(0, n)),
      volumes: Array.from(this.volumes.subarray(0, n)),
      offsetsMs: Array.from(this.offsets.subarray(0, n)),
    };
  }

  /** Fills the scratch arrays with minute `tSec`'s path and returns its length. */
  private simulateMinute(tSec: number, prevClose: number): number {
    const minute = tSec / SECONDS_PER_MINUTE;
    const random = randomFromKey(hashCombine(this.minuteBase, minute));
    const regime = this.regimeAt(minute);
    const dayMinute = ((minute % MINUTES_PER_DAY) + MINUTES_PER_DAY) % MINUTES_PER_DAY;
    const sigma = this.sigmaMinute * regime.volatility * this.volatilityShape[dayMinute]!;

    const logPrev = Math.log(prevClose);
    const years = (tSec - ANCHOR_EPOCH_SEC) / SECONDS_PER_YEAR;
    const logLevel = Math.log(this.profile.startPrice) + this.profile.annualDrift * years;
    const drift = this.driftMinute + TREND_STRENGTH * regime.trend * sigma - this.reversion * (logPrev - logLevel);

    const n = MIN_TICKS_PER_MINUTE + Math.floor(random() * (MAX_TICKS_PER_MINUTE - MIN_TICKS_PER_MINUTE + 1));
    const jumpAt = random() < this.jumpProbability ? Math.floor(random() * n) : -1;
    const jump = jumpAt >= 0 ? JUMP_SIGMAS * this.sigmaMinute * regime.volatility * gaussian(random) : 0;

    const stepSigma = sigma / Math.sqrt(n);
    const stepDrift = drift / n;
    const tick = this.profile.tickSize;
    let logPrice = logPrev;
    for (let k = 0; k < n; k++) {
      logPrice += stepDrift + stepSigma * gaussian(random);
      if (k === jumpAt) logPrice += jump;
      this.prices[k] = Math.max(tick, this.roundPrice(Math.exp(logPrice)));
      // Each tick sits in its own slice of the minute, so offsets are strictly increasing.
      this.offsets[k] = Math.floor(((k + 0.1 + 0.8 * random()) / n) * 60_000);
    }

    // Volume: intraday shape, regime, lognormal noise, and more trading when the price moves.
    const moveInSigmas = sigma > 0 ? Math.abs(logPrice - logPrev) / sigma : 0;
    const total =
      this.profile.typicalVolume *
      this.volumeShape[dayMinute]! *
      regime.activity *
      Math.exp(0.4 * gaussian(random) - 0.08) *
      (1 + 0.3 * Math.min(moveInSigmas, 5)) *
      (jumpAt >= 0 ? 4 : 1);
    this.splitVolume(total, n, random);
    return n;
  }

  /** Splits a minute's volume over its ticks with random (Dirichlet) weights, each at least one lot. */
  private splitVolume(total: number, n: number, random: Random): void {
    let weightSum = 0;
    for (let k = 0; k < n; k++) {
      const weight = -Math.log(1 - random());
      this.volumes[k] = weight;
      weightSum += weight;
    }
    const lot = this.profile.lotSize;
    for (let k = 0; k < n; k++) {
      this.volumes[k] = Math.max(lot, this.roundVolume((total * this.volumes[k]!) / weightSum));
    }
  }

  private regimeAt(minute: number): Regime {
    const block = Math.floor(minute / REGIME_BLOCK_MINUTES);
    if (block !== this.memoBlock) {
      this.memoBlock = block;
      this.memoRegime = this.regimeOfBlock(block);
      this.memoPrevious = this.regimeOfBlock(block - 1);
    }
    const intoBlock = minute - block * REGIME_BLOCK_MINUTES;
    if (intoBlock >= REGIME_BLEND_MINUTES) return this.memoRegime;
    const w = (intoBlock + 1) / REGIME_BLEND_MINUTES;
    const a = this.memoPrevious;
    const b = this.memoRegime;
    return {
      volatility: a.volatility + (b.volatility - a.volatility) * w,
      activity: a.activity + (b.activity - a.activity) * w,
      trend: a.trend + (b.trend - a.trend) * w,
    };
  }

  private regimeOfBlock(block: number): Regime {
    const random = randomFromKey(hashCombine(this.regimeBase, block));
    const weather = randomFromKey(hashCombine(this.weatherBase, Math.floor(block / BLOCKS_PER_WEATHER)));
    const draw = random() < WEATHER_PERSISTENCE ? weather() : random();
    const level = REGIMES.find((r) => draw < r.upTo) ?? REGIMES[REGIMES.length - 1]!;
    return { volatility: level.volatility, activity: level.activity, trend: gaussian(random) };
  }
}

/** Activity by minute of the UTC day: a U over the equity session, a soft daily wave for crypto. */
function intradayShape(kind: SampleKind, dayMinute: number): { volatility: number; volume: number } {
  if (kind === 'crypto') {
    // Busiest around 15:00 UTC when Europe and the Americas overlap.
    const wave = 1 + 0.35 * Math.sin((2 * Math.PI * (dayMinute / 60 - 9)) / 24);
    return { volatility: Math.sqrt(wave), volume: wave };
  }
  if (dayMinute < SESSION_OPEN_MINUTE || dayMinute >= SESSION_CLOSE_MINUTE) {
    return { volatility: OFF_SESSION_VOLATILITY, volume: OFF_SESSION_VOLUME };
  }
  const x = (dayMinute - SESSION_OPEN_MINUTE + 0.5) / (SESSION_CLOSE_MINUTE - SESSION_OPEN_MINUTE);
  // 0.6 + 3.6(x - 0.5)^2 averages 0.9 over the session; divide so the session mean is 1.
  const u = (0.6 + 3.6 * (x - 0.5) ** 2) / 0.9;
  return { volatility: Math.sqrt(u), volume: u };
}

/**
 * Rounds to a multiple of `step` and returns the double nearest to that decimal (42.01, not
 * 42.010000000000005): the integer count of steps is scaled by an exact power of ten once.
 */
function makeRounder(step: number): (x: number) => number {
  let decimals = 0;
  while (decimals < 12 && Math.abs(step * 10 ** decimals - Math.round(step * 10 ** decimals)) > 1e-9) decimals++;
  const scale = 10 ** decimals;
  const units = Math.round(step * scale);
  if (units <= 0) throw new Error(`Cannot round to a step of ${step}.`);
  return (x) => (Math.round(x / step) * units) / scale;
}

function validateProfile(p: SymbolProfile): void {
  const positive: Array<[string, number]> = [
    ['startPrice', p.startPrice],
    ['annualVolatility', p.annualVolatility],
    ['typicalVolume', p.typicalVolume],
    ['tickSize', p.tickSize],
    ['lotSize', p.lotSize],
  ];
  for (const [name, value] of positive) {
    if (!Number.isFinite(value) || value <= 0) throw new Error(`Sample profile ${p.symbol}: ${name} must be a positive number, got ${value}.`);
  }
  if (!Number.isFinite(p.annualDrift)) throw new Error(`Sample profile ${p.symbol}: annualDrift must be finite.`);
  if (p.jumpsPerDay !== undefined && !(Number.isFinite(p.jumpsPerDay) && p.jumpsPerDay >= 0)) {
    throw new Error(`Sample profile ${p.symbol}: jumpsPerDay must be a non-negative number.`);
  }
}

function assertMinute(tSec: number): void {
  if (!Number.isSafeInteger(tSec) || tSec < 0 || tSec % SECONDS_PER_MINUTE !== 0) {
    throw new Error(`Minute times must be whole minutes in epoch seconds, got ${tSec}.`);
  }
}

function assertPrice(price: number): void {
  if (!Number.isFinite(price) || price <= 0) throw new Error(`A previous close must be a positive finite price, got ${price}.`);
}
