import type { DrawdownLevel, RiskUsage, TradingState } from '../../../../../shared/contract';
import { formatMoney, formatQty } from '../../../lib/format';

export const STATE_TEXT: Record<TradingState, { label: string; meaning: string }> = {
  ACTIVE: { label: 'ACTIVE', meaning: 'Orders are checked against the limits and sent.' },
  REDUCING: { label: 'REDUCING', meaning: 'Reduce-only: only orders that make a position smaller are sent.' },
  HALTED: { label: 'HALTED', meaning: 'No order is sent on any account until trading is resumed.' },
};

export const LEVEL_TEXT: Record<DrawdownLevel, string> = {
  normal: 'Full size: no drawdown restriction',
  caution: 'Caution: sizes are cut',
  warning: 'Warning: no new or larger positions',
  critical: 'Critical: reduce-only',
  emergency: 'Emergency: positions are flattened',
};

/** Who sent a denied order, from the order's owner ("manual", "bot:<id>", "risk", "external"). */
export function sourceOf(owner: string): string {
  if (owner === 'manual') return 'Ticket';
  if (owner.startsWith('bot:')) return `Bot ${owner.slice(4)}`;
  if (owner === 'risk') return 'Risk engine';
  if (owner === 'external') return 'Placed elsewhere';
  return owner;
}

export type UsageTone = 'ok' | 'near' | 'warn' | 'over';

/** Colour of a usage bar: calm below 60 %, then amber, orange from 85 %, red at the limit. */
export function usageTone(fraction: number): UsageTone {
  if (!Number.isFinite(fraction)) return 'ok';
  if (fraction >= 1) return 'over';
  if (fraction >= 0.85) return 'warn';
  if (fraction >= 0.6) return 'near';
  return 'ok';
}

const COUNT_CHECKS = new Set(['open_orders', 'order_rate']);

/** A usage figure in its unit: counts as counts, the drawdown as a percentage, the rest as money. */
export function formatUsageValue(usage: RiskUsage, value: string, currency: string): string {
  if (COUNT_CHECKS.has(usage.check)) return formatQty(value);
  if (usage.check === 'drawdown') return `${formatQty(value)}%`;
  return formatMoney(value, currency);
}

/** "82%" of the limit, rounded down so 99.6 % is never shown as at the limit. */
export function usagePercent(fraction: number): string {
  if (!Number.isFinite(fraction)) return '—';
  return `${Math.floor(fraction * 100)}%`;
}
