import type { IndicatorSpec } from '../../../../../shared/contract';

export type IndicatorType = IndicatorSpec['type'];

export interface ParamDef {
  key: string;
  label: string;
  default: number;
  /** Whole numbers of bars, or a real number (Bollinger's width in standard deviations). */
  integer: boolean;
  min: number;
  max: number;
  step: number;
}

export interface IndicatorDef {
  type: IndicatorType;
  name: string;
  /** Drawn over the candles (same price scale), or in a pane of its own. */
  placement: 'overlay' | 'pane';
  params: readonly ParamDef[];
}

const period = (fallback: number, label = 'Period'): ParamDef => ({
  key: 'period',
  label,
  default: fallback,
  integer: true,
  min: 1,
  max: 1_000,
  step: 1,
});

/** Every indicator the chart offers, in menu order. The maths lives in shared/indicators. */
export const INDICATORS: readonly IndicatorDef[] = [
  { type: 'sma', name: 'Simple moving average', placement: 'overlay', params: [period(20)] },
  { type: 'ema', name: 'Exponential moving average', placement: 'overlay', params: [period(20)] },
  {
    type: 'bollinger',
    name: 'Bollinger Bands',
    placement: 'overlay',
    params: [period(20), { key: 'k', label: 'Std dev', default: 2, integer: false, min: 0, max: 10, step: 0.1 }],
  },
  { type: 'vwap', name: 'VWAP (session)', placement: 'overlay', params: [] },
  { type: 'rsi', name: 'Relative strength index', placement: 'pane', params: [period(14)] },
  {
    type: 'macd',
    name: 'MACD',
    placement: 'pane',
    params: [
      { key: 'fast', label: 'Fast', default: 12, integer: true, min: 1, max: 1_000, step: 1 },
      { key: 'slow', label: 'Slow', default: 26, integer: true, min: 2, max: 1_000, step: 1 },
      { key: 'signal', label: 'Signal', default: 9, integer: true, min: 1, max: 1_000, step: 1 },
    ],
  },
  { type: 'atr', name: 'Average true range', placement: 'pane', params: [period(14)] },
];

export const MAX_INDICATORS = 20;

export function indicatorDef(type: IndicatorType): IndicatorDef {
  const def = INDICATORS.find((d) => d.type === type);
  if (!def) throw new Error(`unknown indicator ${type}`);
  return def;
}

const SHORT: Record<IndicatorType, string> = {
  sma: 'SMA',
  ema: 'EMA',
  bollinger: 'BB',
  vwap: 'VWAP',
  rsi: 'RSI',
  macd: 'MACD',
  atr: 'ATR',
};

/** A parameter's value, or its default when the spec (e.g. an older preset) lacks it. */
export function paramOf(spec: IndicatorSpec, key: string): number {
  const value = spec.params[key];
  if (value !== undefined) return value;
  return indicatorDef(spec.type).params.find((p) => p.key === key)?.default ?? Number.NaN;
}

/** "SMA 20", "MACD 12 26 9", "VWAP". */
export function indicatorLabel(spec: IndicatorSpec): string {
  const values = indicatorDef(spec.type).params.map((p) => String(paramOf(spec, p.key)));
  return [SHORT[spec.type], ...values].join(' ');
}

/** "sma(20)", "macd(12,26,9)", "vwap()": a stable id for tests and React keys. */
export function indicatorId(spec: IndicatorSpec): string {
  return `${spec.type}(${indicatorDef(spec.type).params.map((p) => paramOf(spec, p.key)).join(',')})`;
}

/** A new indicator with the default settings. */
export function defaultSpec(type: IndicatorType, color?: string): IndicatorSpec {
  const params: Record<string, number> = {};
  for (const p of indicatorDef(type).params) params[p.key] = p.default;
  return color ? { type, params, color } : { type, params };
}

/**
 * Why a parameter value is refused (null when fine), checked before the chart builds the
 * indicator, whose constructor would throw.
 */
export function paramError(spec: IndicatorSpec, def: ParamDef, text: string): string | null {
  if (text.trim() === '') return `${def.label} is required`;
  const value = Number(text);
  if (!Number.isFinite(value)) return `${def.label} must be a number`;
  if (def.integer && !Number.isInteger(value)) return `${def.label} must be a whole number of bars`;
  if (value < def.min || value > def.max) return `${def.label} must be from ${def.min} to ${def.max}`;
  if (spec.type === 'macd') {
    const fast = def.key === 'fast' ? value : paramOf(spec, 'fast');
    const slow = def.key === 'slow' ? value : paramOf(spec, 'slow');
    if ((def.key === 'fast' || def.key === 'slow') && fast >= slow) return 'Fast must be shorter than slow';
  }
  return null;
}

/** True when every parameter of the spec is acceptable. */
export function isValidSpec(spec: IndicatorSpec): boolean {
  return indicatorDef(spec.type).params.every((p) => paramError(spec, p, String(paramOf(spec, p.key))) === null);
}
