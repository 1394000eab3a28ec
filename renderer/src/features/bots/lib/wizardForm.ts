import type { BotConfig, BotConfigInput, BotMode, SizingMethod, StrategyInfo, Timeframe } from '../../../../../shared/contract';
import { sizingParamsOf } from './botSizingMethods';

/** Bot-level risk overrides the wizard offers (a bot's limits apply on top of its account's). */
export const RISK_FIELDS = [
  { name: 'maxOrderQty', label: 'Max order quantity' },
  { name: 'maxPositionQty', label: 'Max position quantity' },
  { name: 'maxOrderNotional', label: 'Max order value' },
  { name: 'dailyLossLimit', label: 'Daily loss limit' },
] as const;
export type RiskField = (typeof RISK_FIELDS)[number]['name'];

export const WEEKDAYS = [
  { day: 1, label: 'Mon' },
  { day: 2, label: 'Tue' },
  { day: 3, label: 'Wed' },
  { day: 4, label: 'Thu' },
  { day: 5, label: 'Fri' },
  { day: 6, label: 'Sat' },
  { day: 7, label: 'Sun' },
] as const;

/** The wizard's form: text as typed; turned into the engine's input on save (the engine judges it). */
export interface WizardValues {
  name: string;
  strategyId: string;
  params: Record<string, string | boolean>;
  symbols: string;
  timeframe: Timeframe;
  accountId: string;
  mode: BotMode;
  confirmLive: boolean;
  sizingMethod: SizingMethod;
  sizingParams: Record<string, string>;
  risk: Record<RiskField, string>;
  hoursEnabled: boolean;
  timeZone: string;
  start: string;
  end: string;
  days: number[];
  cooldownBars: string;
  maxOpenPositions: string;
}

export function defaultParams(strategy: StrategyInfo | undefined): Record<string, string | boolean> {
  const out: Record<string, string | boolean> = {};
  for (const p of strategy?.params ?? []) out[p.name] = typeof p.default === 'boolean' ? p.default : String(p.default);
  return out;
}

export function initialSizing(method: SizingMethod): Record<string, string> {
  return Object.fromEntries(sizingParamsOf(method).map((p) => [p.name, p.initial]));
}

const localZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

export function emptyValues(strategy: StrategyInfo | undefined, accountId: string): WizardValues {
  return {
    name: '',
    strategyId: strategy?.id ?? '',
    params: defaultParams(strategy),
    symbols: '',
    timeframe: '1m',
    accountId,
    mode: 'paper',
    confirmLive: false,
    sizingMethod: 'fixed_qty',
    sizingParams: initialSizing('fixed_qty'),
    risk: { maxOrderQty: '', maxPositionQty: '', maxOrderNotional: '', dailyLossLimit: '' },
    hoursEnabled: false,
    timeZone: localZone(),
    start: '09:30',
    end: '16:00',
    days: [1, 2, 3, 4, 5],
    cooldownBars: '0',
    maxOpenPositions: '',
  };
}

export function valuesFromConfig(config: BotConfig): WizardValues {
  const risk = (config.risk ?? {}) as Record<string, unknown>;
  const riskText = (name: RiskField) => (risk[name] === null || risk[name] === undefined ? '' : String(risk[name]));
  return {
    name: config.name,
    strategyId: config.strategyId,
    params: Object.fromEntries(Object.entries(config.params).map(([k, v]) => [k, typeof v === 'boolean' ? v : String(v)])),
    symbols: config.symbols.join(', '),
    timeframe: config.timeframe,
    accountId: config.accountId,
    mode: config.mode,
    confirmLive: false,
    sizingMethod: config.sizing.method,
    sizingParams: Object.fromEntries(Object.entries(config.sizing.params).map(([k, v]) => [k, String(v)])),
    risk: { maxOrderQty: riskText('maxOrderQty'), maxPositionQty: riskText('maxPositionQty'), maxOrderNotional: riskText('maxOrderNotional'), dailyLossLimit: riskText('dailyLossLimit') },
    hoursEnabled: config.tradingHours !== null,
    timeZone: config.tradingHours?.timeZone ?? localZone(),
    start: config.tradingHours?.start ?? '09:30',
    end: config.tradingHours?.end ?? '16:00',
    days: config.tradingHours?.days ?? [1, 2, 3, 4, 5],
    cooldownBars: String(config.cooldownBars),
    maxOpenPositions: config.maxOpenPositions === null ? '' : String(config.maxOpenPositions),
  };
}

/** Splits "ACME, btc/usd" into symbols, upper-cased, as typed order kept (errors point at symbols.<i>). */
export function parseSymbols(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((s) => s.trim().toUpperCase())
    .filter((s) => s !== '');
}

/** A number typed in a field; text that is not a number goes as typed so the engine says what is wrong with it. */
function numeric(text: string): number | string {
  const n = Number(text.trim());
  return text.trim() !== '' && Number.isFinite(n) ? n : text.trim();
}

export function toConfigInput(values: WizardValues, strategy: StrategyInfo | undefined): BotConfigInput {
  const params: Record<string, number | string | boolean> = {};
  for (const spec of strategy?.params ?? []) {
    const raw = values.params[spec.name];
    if (raw === undefined || raw === '') continue;
    if (typeof raw === 'boolean') params[spec.name] = raw;
    else params[spec.name] = spec.kind === 'int' || spec.kind === 'float' ? numeric(raw) : raw;
  }
  const sizingParams: Record<string, string> = {};
  for (const [k, v] of Object.entries(values.sizingParams)) if (v.trim() !== '') sizingParams[k] = v.trim();
  const risk: Record<string, string> = {};
  for (const [k, v] of Object.entries(values.risk)) if (v.trim() !== '') risk[k] = v.trim();
  const cooldown = Number(values.cooldownBars.trim() || '0');
  const maxOpen = values.maxOpenPositions.trim();
  return {
    name: values.name,
    strategyId: values.strategyId,
    params,
    symbols: parseSymbols(values.symbols),
    timeframe: values.timeframe,
    accountId: values.accountId,
    mode: values.mode,
    sizing: { method: values.sizingMethod, params: sizingParams },
    ...(Object.keys(risk).length ? { risk } : {}),
    tradingHours: values.hoursEnabled ? { timeZone: values.timeZone.trim(), start: values.start, end: values.end, days: [...values.days].sort() } : null,
    cooldownBars: cooldown,
    maxOpenPositions: maxOpen === '' ? null : Number(maxOpen),
    ...(values.mode === 'live' ? { confirmLive: values.confirmLive } : {}),
  };
}
