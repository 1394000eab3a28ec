import type { RiskLimits, RiskLimitsInput } from '../../../../../shared/contract';

/** The limits that are a single number (null = no limit). */
export type NumberLimitKey =
  | 'maxOrderQty'
  | 'maxOrderNotional'
  | 'maxPositionQty'
  | 'maxPositionNotional'
  | 'maxPositionPctEquity'
  | 'maxGrossExposure'
  | 'maxNetExposure'
  | 'maxOpenOrders'
  | 'maxOrdersPerMinute'
  | 'priceCollarPct'
  | 'dailyLossLimit';

export type DrawdownKey = 'cautionPct' | 'warningPct' | 'criticalPct' | 'emergencyPct';

export interface LimitField {
  key: NumberLimitKey;
  label: string;
  /** Shown after the input: the unit the number is in. */
  unit: 'qty' | 'money' | 'pct' | 'count';
  hint: string;
}

export const LIMIT_SECTIONS: ReadonlyArray<{ title: string; fields: readonly LimitField[] }> = [
  {
    title: 'Per order',
    fields: [
      { key: 'maxOrderQty', label: 'Max order quantity', unit: 'qty', hint: 'Units per order' },
      { key: 'maxOrderNotional', label: 'Max order value', unit: 'money', hint: 'Quantity × price per order' },
      { key: 'priceCollarPct', label: 'Price collar', unit: 'pct', hint: 'Refuse limit prices further than this from the last price' },
    ],
  },
  {
    title: 'Per position',
    fields: [
      { key: 'maxPositionQty', label: 'Max position quantity', unit: 'qty', hint: 'Including open orders' },
      { key: 'maxPositionNotional', label: 'Max position value', unit: 'money', hint: 'At the last price' },
      { key: 'maxPositionPctEquity', label: 'Max position % of equity', unit: 'pct', hint: 'Position value over equity' },
    ],
  },
  {
    title: 'Account',
    fields: [
      { key: 'maxGrossExposure', label: 'Max gross exposure', unit: 'money', hint: 'Longs plus shorts' },
      { key: 'maxNetExposure', label: 'Max net exposure', unit: 'money', hint: 'Longs minus shorts' },
      { key: 'dailyLossLimit', label: 'Daily loss limit', unit: 'money', hint: 'Reduce-only once today’s loss reaches it' },
      { key: 'maxOpenOrders', label: 'Max open orders', unit: 'count', hint: 'Working at once' },
      { key: 'maxOrdersPerMinute', label: 'Max orders per minute', unit: 'count', hint: 'Throttle' },
    ],
  },
];

export const DRAWDOWN_FIELDS: ReadonlyArray<{ key: DrawdownKey; label: string }> = [
  { key: 'cautionPct', label: 'Caution at' },
  { key: 'warningPct', label: 'Warning at' },
  { key: 'criticalPct', label: 'Critical at' },
  { key: 'emergencyPct', label: 'Emergency at' },
];

/** What the form holds: numbers as typed. */
export interface LimitsFormValues {
  numbers: Record<NumberLimitKey, string>;
  drawdown: Record<DrawdownKey, string>;
  cautionSizeFactor: string;
  duplicateWindowSec: string;
  enforceMarketHours: boolean;
  allowExtendedHours: boolean;
}

/** Field name (as the engine names it) -> message. */
export type LimitsErrors = Partial<Record<string, string>>;

const COUNT_KEYS: ReadonlySet<NumberLimitKey> = new Set(['maxOpenOrders', 'maxOrdersPerMinute']);

export function toFormValues(limits: RiskLimits): LimitsFormValues {
  const numbers = {} as Record<NumberLimitKey, string>;
  for (const section of LIMIT_SECTIONS) {
    for (const field of section.fields) {
      const value = limits[field.key];
      numbers[field.key] = value === null ? '' : String(value);
    }
  }
  return {
    numbers,
    drawdown: {
      cautionPct: limits.drawdown?.cautionPct ?? '',
      warningPct: limits.drawdown?.warningPct ?? '',
      criticalPct: limits.drawdown?.criticalPct ?? '',
      emergencyPct: limits.drawdown?.emergencyPct ?? '',
    },
    cautionSizeFactor: limits.cautionSizeFactor,
    duplicateWindowSec: String(limits.duplicateWindowSec),
    enforceMarketHours: limits.enforceMarketHours,
    allowExtendedHours: limits.allowExtendedHours,
  };
}

const WHOLE = /^\d+$/;

/**
 * The input for risk.limits.set, or the form's own errors. Only what the contract's types
 * need is checked here (whole numbers where the schema takes integers, all four drawdown
 * levels or none); whether limits make sense together is the engine's call, shown inline.
 * Every limit is sent: an empty field means "no limit".
 */
export function toLimitsInput(values: LimitsFormValues): { input: RiskLimitsInput } | { errors: LimitsErrors } {
  const errors: LimitsErrors = {};
  const input: RiskLimitsInput = {};
  for (const section of LIMIT_SECTIONS) {
    for (const field of section.fields) {
      const text = values.numbers[field.key].trim();
      if (COUNT_KEYS.has(field.key)) {
        if (text === '') input[field.key as 'maxOpenOrders'] = null;
        else if (!WHOLE.test(text)) errors[field.key] = `${field.label} must be a whole number (leave it empty for no limit)`;
        else input[field.key as 'maxOpenOrders'] = Number(text);
      } else {
        input[field.key as 'maxOrderQty'] = text === '' ? null : text;
      }
    }
  }
  const levels = DRAWDOWN_FIELDS.map(({ key }) => values.drawdown[key].trim());
  const filled = levels.filter((level) => level !== '').length;
  if (filled === 0) input.drawdown = null;
  else if (filled < levels.length) errors.drawdown = 'Fill in all four drawdown levels, or none to have no drawdown levels';
  else {
    const [cautionPct = '', warningPct = '', criticalPct = '', emergencyPct = ''] = levels;
    input.drawdown = { cautionPct, warningPct, criticalPct, emergencyPct };
  }
  const factor = values.cautionSizeFactor.trim();
  if (factor === '') errors.cautionSizeFactor = 'Enter the caution size factor (0.5 halves sizes)';
  else input.cautionSizeFactor = factor;
  const window = values.duplicateWindowSec.trim();
  if (!WHOLE.test(window)) errors.duplicateWindowSec = 'The duplicate window is a whole number of seconds (0 turns the check off)';
  else input.duplicateWindowSec = Number(window);
  input.enforceMarketHours = values.enforceMarketHours;
  input.allowExtendedHours = values.enforceMarketHours && values.allowExtendedHours;
  return Object.keys(errors).length > 0 ? { errors } : { input };
}

/**
 * The engine names drawdown problems "drawdown" (the levels together) or
 * "drawdown.cautionPct" (one level); the form shows both beside the levels.
 */
export function drawdownErrors(errors: LimitsErrors): string[] {
  return Object.entries(errors)
    .filter(([field, message]) => message && (field === 'drawdown' || field.startsWith('drawdown.')))
    .map(([, message]) => message as string);
}
