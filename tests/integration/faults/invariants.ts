// What "the books equal the venue's" means, written once for both venues. Each check
// returns the list of what is wrong, in words, so a failure says everything at once.
import { Decimal, ZERO, dec } from '../../../electron/core/domain/decimal';
import type { Books } from '../../support/crashChild/protocol';

/** One venue order as the venue itself reports it. */
export interface VenueOrderFacts {
  clientOrderId: string;
  /** open (any working state), filled, canceled, expired or rejected. */
  status: 'open' | 'filled' | 'canceled' | 'expired' | 'rejected';
  filledQty: string;
}

/** One execution as the venue reports it. */
export interface VenueFillFacts {
  tradeId: string;
  clientOrderId: string;
  qty: string;
  price: string;
  fee?: string;
}

export interface VenueFacts {
  orders: VenueOrderFacts[];
  fills: VenueFillFacts[];
  positions: Array<{ symbol: string; qty: string }>;
  cash: string;
  /** How many order submissions reached the venue, per client order id (when the venue logs them). */
  submissions?: Map<string, number>;
}

const OPEN_LOCAL = new Set(['INITIALIZED', 'SUBMITTED', 'ACCEPTED', 'PARTIALLY_FILLED', 'PENDING_CANCEL']);
const LOCAL_FOR: Record<VenueOrderFacts['status'], (filled: Decimal) => string[]> = {
  open: (filled) => (filled.isZero() ? ['ACCEPTED'] : ['PARTIALLY_FILLED']),
  filled: () => ['FILLED'],
  canceled: () => ['CANCELED'],
  expired: () => ['EXPIRED'],
  rejected: () => ['REJECTED'],
};

const sum = (xs: readonly string[]) => xs.reduce((a, x) => a.plus(x), ZERO);
const eq = (a: string, b: string) => dec(a).eq(dec(b));

/** The books agree with themselves: each order is the fold of its events, and its filled qty is the sum of its fills. */
export function selfConsistency(books: Books): string[] {
  const problems: string[] = [];
  for (const o of books.orders) {
    if ('error' in o.fold) problems.push(`order ${o.clientOrderId}: its events do not fold (${o.fold.error}); events ${o.eventTypes.join(',')}`);
    else if (o.fold.status !== o.status || !eq(o.fold.filledQty, o.filledQty)) {
      problems.push(`order ${o.clientOrderId}: row says ${o.status} ${o.filledQty} filled, its events fold to ${o.fold.status} ${o.fold.filledQty}`);
    }
    const filled = sum(books.fills.filter((f) => f.orderId === o.id).map((f) => f.qty));
    if (!filled.eq(o.filledQty)) problems.push(`order ${o.clientOrderId}: filled qty ${o.filledQty} but its fills add up to ${filled.toString()}`);
  }
  const tradeIds = new Map<string, number>();
  for (const f of books.fills) tradeIds.set(f.venueTradeId, (tradeIds.get(f.venueTradeId) ?? 0) + 1);
  for (const [id, n] of tradeIds) if (n > 1) problems.push(`venue trade ${id} is booked ${n} times`);
  const held = new Map<string, Decimal>();
  for (const f of books.fills) held.set(f.symbol, (held.get(f.symbol) ?? ZERO).plus(f.side === 'buy' ? dec(f.qty) : dec(f.qty).neg()));
  for (const symbol of new Set([...held.keys(), ...books.positions.map((p) => p.symbol)])) {
    const fromFills = held.get(symbol) ?? ZERO;
    const pos = dec(books.positions.find((p) => p.symbol === symbol)?.qty ?? '0');
    if (!fromFills.eq(pos)) problems.push(`position ${symbol} is ${pos.toString()} but the fills add up to ${fromFills.toString()}`);
  }
  return problems;
}

/** The books after a restart and reconciliation agree with the venue's records. */
export function booksMatchVenue(books: Books, venue: VenueFacts): string[] {
  const problems = selfConsistency(books);
  const localByClientId = new Map<string, Books['orders']>();
  for (const o of books.orders) localByClientId.set(o.clientOrderId, [...(localByClientId.get(o.clientOrderId) ?? []), o]);

  // Every venue order exactly once, with the same filled quantity and a matching status.
  const atVenue = new Set<string>();
  for (const v of venue.orders) {
    atVenue.add(v.clientOrderId);
    const local = localByClientId.get(v.clientOrderId) ?? [];
    if (local.length !== 1) {
      problems.push(`venue order ${v.clientOrderId} (${v.status}, ${v.filledQty} filled) appears ${local.length} times in the books`);
      continue;
    }
    const o = local[0]!;
    if (!eq(o.filledQty, v.filledQty)) problems.push(`order ${v.clientOrderId}: books say ${o.filledQty} filled, the venue ${v.filledQty}`);
    const expected = LOCAL_FOR[v.status](dec(v.filledQty));
    if (!expected.includes(o.status)) problems.push(`order ${v.clientOrderId}: books say ${o.status}, the venue says ${v.status} (expected ${expected.join(' or ')})`);
  }
  // An order the venue never got is closed, with nothing filled.
  for (const o of books.orders) {
    if (atVenue.has(o.clientOrderId)) continue;
    if (OPEN_LOCAL.has(o.status)) problems.push(`order ${o.clientOrderId} is ${o.status} in the books but the venue has no such order`);
    if (!dec(o.filledQty).isZero()) problems.push(`order ${o.clientOrderId} has ${o.filledQty} filled in the books but the venue has no such order`);
  }

  // The same executions, each once.
  const localFills = new Map(books.fills.map((f) => [f.venueTradeId, f]));
  for (const v of venue.fills) {
    const f = localFills.get(v.tradeId);
    if (!f) {
      problems.push(`venue execution ${v.tradeId} (${v.qty} @ ${v.price} for ${v.clientOrderId}) is not in the books`);
      continue;
    }
    if (f.clientOrderId !== v.clientOrderId || !eq(f.qty, v.qty) || !eq(f.price, v.price) || (v.fee !== undefined && !eq(f.fee, v.fee))) {
      problems.push(`execution ${v.tradeId}: books ${f.clientOrderId} ${f.qty} @ ${f.price} fee ${f.fee}, venue ${v.clientOrderId} ${v.qty} @ ${v.price} fee ${v.fee ?? '-'}`);
    }
  }
  const venueTrades = new Set(venue.fills.map((v) => v.tradeId));
  for (const f of books.fills) if (!venueTrades.has(f.venueTradeId)) problems.push(`booked fill ${f.venueTradeId} is not an execution at the venue`);

  // The same positions and the same cash.
  for (const symbol of new Set([...venue.positions.map((p) => p.symbol), ...books.positions.map((p) => p.symbol)])) {
    const v = venue.positions.find((p) => p.symbol === symbol)?.qty ?? '0';
    const l = books.positions.find((p) => p.symbol === symbol)?.qty ?? '0';
    if (!eq(v, l)) problems.push(`position ${symbol}: books ${l}, venue ${v}`);
  }
  if (!eq(books.cash, venue.cash)) problems.push(`cash: books ${books.cash}, venue ${venue.cash}`);

  // Never sent twice.
  for (const [clientOrderId, n] of venue.submissions ?? []) if (n > 1) problems.push(`client order id ${clientOrderId} was submitted to the venue ${n} times`);
  return problems;
}
