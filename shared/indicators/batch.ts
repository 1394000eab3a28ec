/**
 * Whole-array versions of the indicators, for the chart. Each runs the incremental class over
 * the input, so a chart line and a strategy's decision can never disagree. Output index i is
 * the indicator after value i; NaN where it is not warm yet.
 */
import { Atr } from './atr';
import { Bollinger } from './bollinger';
import { Donchian } from './donchian';
import { Ema } from './ema';
import { Macd } from './macd';
import { Rsi } from './rsi';
import { Sma } from './sma';
import type { SeriesIndicator } from './types';
import { Vwap } from './vwap';

type Values = ArrayLike<number>;

function run(values: Values, indicator: SeriesIndicator): Float64Array {
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = indicator.update(values[i]!);
  return out;
}

function requireSameLength(what: string, ...columns: Values[]): number {
  const n = columns[0]?.length ?? 0;
  if (columns.some((c) => c.length !== n)) throw new RangeError(`${what} needs columns of one length, got ${columns.map((c) => c.length).join(', ')}`);
  return n;
}

export function sma(values: Values, period: number): Float64Array {
  return run(values, new Sma(period));
}

export function ema(values: Values, period: number): Float64Array {
  return run(values, new Ema(period));
}

export function rsi(values: Values, period = 14): Float64Array {
  return run(values, new Rsi(period));
}

export interface MacdSeries {
  macd: Float64Array;
  signal: Float64Array;
  histogram: Float64Array;
}

export function macd(values: Values, fastPeriod = 12, slowPeriod = 26, signalPeriod = 9): MacdSeries {
  const indicator = new Macd(fastPeriod, slowPeriod, signalPeriod);
  const n = values.length;
  const out: MacdSeries = { macd: new Float64Array(n), signal: new Float64Array(n), histogram: new Float64Array(n) };
  for (let i = 0; i < n; i++) {
    out.macd[i] = indicator.update(values[i]!);
    out.signal[i] = indicator.signal;
    out.histogram[i] = indicator.histogram;
  }
  return out;
}

export interface BandSeries {
  mid: Float64Array;
  upper: Float64Array;
  lower: Float64Array;
}

export function bollinger(values: Values, period = 20, k = 2): BandSeries {
  const indicator = new Bollinger(period, k);
  const n = values.length;
  const out: BandSeries = { mid: new Float64Array(n), upper: new Float64Array(n), lower: new Float64Array(n) };
  for (let i = 0; i < n; i++) {
    out.mid[i] = indicator.update(values[i]!);
    out.upper[i] = indicator.upper;
    out.lower[i] = indicator.lower;
  }
  return out;
}

export interface ChannelSeries {
  upper: Float64Array;
  lower: Float64Array;
  middle: Float64Array;
}

/**
 * Donchian channel per bar. By default bar i's channel includes bar i (the chart convention);
 * with `includeCurrent: false` it covers the previous `period` bars, the level a breakout
 * strategy compares bar i's close with.
 */
export function donchian(high: Values, low: Values, period: number, options: { includeCurrent?: boolean } = {}): ChannelSeries {
  const n = requireSameLength('Donchian', high, low);
  const includeCurrent = options.includeCurrent ?? true;
  const indicator = new Donchian(period);
  const out: ChannelSeries = { upper: new Float64Array(n), lower: new Float64Array(n), middle: new Float64Array(n) };
  for (let i = 0; i < n; i++) {
    if (!includeCurrent) {
      out.upper[i] = indicator.upper;
      out.lower[i] = indicator.lower;
      out.middle[i] = indicator.value;
    }
    indicator.update(high[i]!, low[i]!);
    if (includeCurrent) {
      out.upper[i] = indicator.upper;
      out.lower[i] = indicator.lower;
      out.middle[i] = indicator.value;
    }
  }
  return out;
}

export function atr(high: Values, low: Values, close: Values, period = 14): Float64Array {
  const n = requireSameLength('ATR', high, low, close);
  const indicator = new Atr(period);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = indicator.update(high[i]!, low[i]!, close[i]!);
  return out;
}

/** VWAP per bar; `sessionKeys[i]` names bar i's session (see `utcDayKey`). */
export function vwap(high: Values, low: Values, close: Values, volume: Values, sessionKeys: Values): Float64Array {
  const n = requireSameLength('VWAP', high, low, close, volume, sessionKeys);
  const indicator = new Vwap();
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = indicator.update(high[i]!, low[i]!, close[i]!, volume[i]!, sessionKeys[i]!);
  return out;
}
