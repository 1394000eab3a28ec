/**
 * Runs one chart indicator over the chart's columns with the shared incremental classes
 * (shared/indicators: the same code the strategies use, so a line on the chart and a bot's
 * decision cannot disagree).
 *
 * The newest bar is usually still forming: its values change many times before it closes,
 * and an incremental indicator cannot take an update back. So the runner keeps a
 * "committed" indicator fed with every bar but the newest, and computes the newest bar's
 * values on a scratch copy of it (copyState: a field-by-field copy into a scratch instance
 * built once, so a live update allocates nothing). When a newer bar starts, the previous
 * one is final and is committed.
 */
import type { IndicatorSpec } from '../../../../../shared/contract';
import { Atr, Bollinger, Ema, Macd, Rsi, Sma, Vwap } from '../../../../../shared/indicators';
import { paramOf } from '../lib/indicatorSpecs';
import type { Columns } from './chartData';

/** The calendar session of a bar (epoch seconds), for VWAP's daily anchor. */
export type SessionKeyOf = (epochSeconds: number) => number;

interface Kind<T extends object> {
  /** Names of the outputs, in order (e.g. MACD: macd, signal, histogram). */
  outputs: readonly string[];
  create(spec: IndicatorSpec): T;
  feed(indicator: T, columns: Columns, i: number, sessionKey: SessionKeyOf): void;
  read(indicator: T, out: Float64Array): void;
}

const closeKind = <T extends Sma | Ema | Rsi>(create: (spec: IndicatorSpec) => T): Kind<T> => ({
  outputs: ['value'],
  create,
  feed: (indicator, columns, i) => void indicator.update(columns.c[i]!),
  read: (indicator, out) => void (out[0] = indicator.value),
});

const KINDS = {
  sma: closeKind((spec) => new Sma(paramOf(spec, 'period'))),
  ema: closeKind((spec) => new Ema(paramOf(spec, 'period'))),
  rsi: closeKind((spec) => new Rsi(paramOf(spec, 'period'))),
  macd: {
    outputs: ['macd', 'signal', 'histogram'],
    create: (spec: IndicatorSpec) => new Macd(paramOf(spec, 'fast'), paramOf(spec, 'slow'), paramOf(spec, 'signal')),
    feed: (indicator: Macd, columns: Columns, i: number) => void indicator.update(columns.c[i]!),
    read: (indicator: Macd, out: Float64Array) => {
      out[0] = indicator.macd;
      out[1] = indicator.signal;
      out[2] = indicator.histogram;
    },
  } satisfies Kind<Macd>,
  bollinger: {
    outputs: ['upper', 'middle', 'lower'],
    create: (spec: IndicatorSpec) => new Bollinger(paramOf(spec, 'period'), paramOf(spec, 'k')),
    feed: (indicator: Bollinger, columns: Columns, i: number) => void indicator.update(columns.c[i]!),
    read: (indicator: Bollinger, out: Float64Array) => {
      out[0] = indicator.upper;
      out[1] = indicator.mid;
      out[2] = indicator.lower;
    },
  } satisfies Kind<Bollinger>,
  atr: {
    outputs: ['value'],
    create: (spec: IndicatorSpec) => new Atr(paramOf(spec, 'period')),
    feed: (indicator: Atr, columns: Columns, i: number) => void indicator.update(columns.h[i]!, columns.l[i]!, columns.c[i]!),
    read: (indicator: Atr, out: Float64Array) => void (out[0] = indicator.value),
  } satisfies Kind<Atr>,
  vwap: {
    outputs: ['value'],
    create: () => new Vwap(),
    feed: (indicator: Vwap, columns: Columns, i: number, sessionKey: SessionKeyOf) =>
      void indicator.update(columns.h[i]!, columns.l[i]!, columns.c[i]!, columns.v[i]!, sessionKey(columns.t[i]!)),
    read: (indicator: Vwap, out: Float64Array) => void (out[0] = indicator.value),
  } satisfies Kind<Vwap>,
} as const;

type AnyKind = Kind<object>;

/** Copies every field of `from` into `into`, an instance of the same class built with the same settings. */
function copyState(from: object, into: object): void {
  const source = from as Record<string, unknown>;
  const target = into as Record<string, unknown>;
  for (const key of Object.keys(source)) {
    const value = source[key];
    if (ArrayBuffer.isView(value)) (target[key] as Float64Array).set(value as Float64Array);
    else if (value !== null && typeof value === 'object') copyState(value, target[key] as object);
    else target[key] = value;
  }
}

export class IndicatorRunner {
  readonly outputs: readonly string[];
  /** One array per output, aligned with the chart's columns. */
  values: Float64Array[] = [];
  private readonly kind: AnyKind;
  private committed: object;
  private readonly scratch: object;
  /** Bars fed to `committed`: every bar but the newest. */
  private committedCount = 0;
  private readonly reading: Float64Array;

  /** Throws RangeError for settings the indicator refuses (checked by the editor before). */
  constructor(
    readonly spec: IndicatorSpec,
    private readonly sessionKey: SessionKeyOf,
  ) {
    this.kind = KINDS[spec.type] as unknown as AnyKind;
    this.outputs = this.kind.outputs;
    this.committed = this.kind.create(spec);
    this.scratch = this.kind.create(spec);
    this.reading = new Float64Array(this.outputs.length);
  }

  /** Computes every bar from scratch (a load, older history prepended). */
  recompute(columns: Columns): void {
    const n = columns.t.length;
    this.committed = this.kind.create(this.spec);
    this.committedCount = 0;
    this.values = this.outputs.map(() => new Float64Array(Math.max(n, 16)));
    for (let i = 0; i < n - 1; i++) {
      this.kind.feed(this.committed, columns, i, this.sessionKey);
      this.kind.read(this.committed, this.reading);
      this.store(i);
    }
    this.committedCount = Math.max(0, n - 1);
    if (n > 0) this.evaluateLast(columns);
  }

  /**
   * The newest bar changed (still forming) or a new one started: commits the bars that are
   * now final, then computes the newest on the scratch copy. Returns its values.
   */
  evaluateLast(columns: Columns): Float64Array {
    const last = columns.t.length - 1;
    while (this.committedCount < last) {
      this.kind.feed(this.committed, columns, this.committedCount, this.sessionKey);
      this.kind.read(this.committed, this.reading);
      this.store(this.committedCount);
      this.committedCount++;
    }
    copyState(this.committed, this.scratch);
    this.kind.feed(this.scratch, columns, last, this.sessionKey);
    this.kind.read(this.scratch, this.reading);
    this.store(last);
    return this.reading;
  }

  /** The values at bar i (NaN where not warm). */
  valuesAt(i: number): number[] {
    return this.values.map((column) => (i < column.length ? column[i]! : Number.NaN));
  }

  private store(i: number): void {
    if (i >= this.values[0]!.length) {
      this.values = this.values.map((column) => {
        const grown = new Float64Array(column.length * 2);
        grown.set(column);
        return grown;
      });
    }
    for (let k = 0; k < this.values.length; k++) this.values[k]![i] = this.reading[k]!;
  }
}
