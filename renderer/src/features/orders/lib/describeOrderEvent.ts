import type { OrderEvent } from '../../../../../shared/contract';

type Fields = Record<string, unknown>;

function isFields(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | null {
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return null;
}

/** "bracket · TP 200 · SL 180 (limit 179.5)" from an order's extras; empty for a simple order. */
function describeExtras(extras: Fields): string[] {
  const parts: string[] = [];
  const orderClass = text(extras.orderClass);
  if (orderClass && orderClass !== 'simple') parts.push(orderClass === 'bracket' ? 'bracket' : orderClass.toUpperCase());
  const trailPrice = text(extras.trailPrice);
  const trailPercent = text(extras.trailPercent);
  if (trailPrice) parts.push(`trail ${trailPrice}`);
  if (trailPercent) parts.push(`trail ${trailPercent}%`);
  const takeProfit = text(extras.takeProfitPrice);
  const stopLoss = text(extras.stopLossPrice);
  const stopLossLimit = text(extras.stopLossLimitPrice);
  if (takeProfit) parts.push(`TP ${takeProfit}`);
  if (stopLoss) parts.push(`SL ${stopLoss}${stopLossLimit ? ` (limit ${stopLossLimit})` : ''}`);
  return parts;
}

/** "buy 10 ACME limit @ 46.50 · stop 46 · day · bracket · TP 50 · SL 44" from an OrderInitialized spec. */
function describeSpec(spec: Fields): string {
  const price = text(spec.limitPrice);
  const stop = text(spec.stopPrice);
  const tif = text(spec.tif);
  const parts = [text(spec.side), text(spec.qty), text(spec.symbol), text(spec.type)?.replace(/_/g, ' ')].filter(Boolean).join(' ');
  return [
    price ? `${parts} @ ${price}` : parts,
    stop ? `stop ${stop}` : null,
    tif?.toUpperCase(),
    ...(isFields(spec.extras) ? describeExtras(spec.extras) : []),
  ]
    .filter(Boolean)
    .join(' · ');
}

/** "10 @ 46.6 · fee 0 USD · taker" from a fill. */
function describeFill(fill: Fields): string {
  const qty = text(fill.qty);
  const price = text(fill.price);
  const fee = text(fill.fee);
  const feeCurrency = text(fill.feeCurrency);
  const liquidity = text(fill.liquidity);
  return [
    qty && price ? `${qty} @ ${price}` : null,
    fee !== null ? `fee ${fee}${feeCurrency ? ` ${feeCurrency}` : ''}` : null,
    liquidity,
  ]
    .filter(Boolean)
    .join(' · ');
}

/** Keys that repeat what the row already shows or only matter to the engine. */
const OMITTED_KEYS = new Set(['type', 'orderId', 'seq', 'at']);

/** Words for the keys of changes (OrderUpdated) and venue ids. */
const KEY_WORDS: Record<string, string> = {
  qty: 'qty',
  limitPrice: 'limit',
  stopPrice: 'stop',
  venueOrderId: 'venue id',
  clientOrderId: 'client id',
};

/**
 * A one-line summary of an event's details for the order dialog: the order as specified,
 * a fill as "qty @ price", a reason in words; anything else as plain "key value" pairs.
 */
export function describeOrderEvent(event: OrderEvent): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(event.data)) {
    if (OMITTED_KEYS.has(key)) continue;
    if (key === 'spec' && isFields(value)) parts.push(describeSpec(value));
    else if (key === 'fill' && isFields(value)) parts.push(describeFill(value));
    else {
      const shown = text(value);
      if (shown !== null) parts.push(key === 'reason' ? shown : `${KEY_WORDS[key] ?? key} ${shown}`);
    }
  }
  return parts.join(' · ');
}
