/**
 * What the crash tests and their engine child processes say to each other: one JSON
 * object per line, commands on the child's stdin, replies and events on its stdout.
 * The child is killed with SIGKILL mid-conversation, so nothing here may rely on the
 * child ever answering: the parent always races a reply against the child's exit.
 */

import type { FaultPoint } from '../../../electron/core/oms/orderManager';

export const FAULT_POINTS: readonly FaultPoint[] = ['after-intent', 'after-venue-ack', 'fill-before-commit', 'after-fill-commit'];

/** Kill the engine the Nth time (1-based) it reaches this point. */
export interface FaultSpec {
  point: FaultPoint;
  hit: number;
}

/** Written (synchronously) by the child just before it kills itself. */
export interface FaultRecord extends FaultSpec {
  at: number;
}

export interface OrderRequestJson {
  symbol: string;
  side: 'buy' | 'sell';
  type: 'market' | 'limit';
  tif: 'day' | 'gtc';
  qty: string;
  limitPrice?: string;
}

export type Command =
  /**
   * referencePrice: the last price the engine should know (Alpaca engine). limitFromLast:
   * the paper engine sets the limit price to the last price times this, on the tick grid.
   */
  | { id: number; cmd: 'submit'; req: OrderRequestJson; referencePrice?: string; limitFromLast?: number }
  /** Paper engine: steps the sample market (2 s of market time a step) until the order has this status. */
  | { id: number; cmd: 'step'; clientOrderId: string; until: string; maxSteps: number }
  | { id: number; cmd: 'reconcile' }
  /** Waits for the adapter's own catch-up (if any) and reconciles again. */
  | { id: number; cmd: 'settle' }
  /** Writes the books as JSON to `path`. */
  | { id: number; cmd: 'books'; path: string }
  /** Closes the engine; the process then waits for a new start (warm processes are reused). */
  | { id: number; cmd: 'reopen' };

export type ChildMessage =
  | { type: 'ready'; reconcile: ReconcileJson | null }
  | { type: 'reply'; id: number; ok: true; value: unknown }
  | { type: 'reply'; id: number; ok: false; error: string; code?: string }
  | { type: 'fill'; clientOrderId: string; tradeId: string; qty: string }
  | { type: 'order'; clientOrderId: string; status: string; filledQty: string };

export interface ReconcileJson {
  accountId: string;
  checked: number;
  adopted: number;
  fillsApplied: number;
  closed: number;
  positionMismatches: Array<{ symbol: string; local: string; venue: string }>;
}

/** Everything the engine holds for one account after a restart, as it reads it from its database. */
export interface Books {
  accountId: string;
  cash: string;
  orders: BookOrder[];
  fills: BookFill[];
  positions: Array<{ symbol: string; qty: string; avgPrice: string }>;
  /** How many times each fault point was reached in the process that wrote these books. */
  hits: Record<string, number>;
}

/** The paper venue's own records (it keeps them in the engine's database, beside the OMS's). */
export interface PaperVenueState {
  cash: string;
  orders: Array<{ clientOrderId: string; venueOrderId: string; status: string; qty: string; filledQty: string }>;
  fills: Array<{ tradeId: string; clientOrderId: string; side: string; symbol: string; qty: string; price: string; fee: string }>;
  positions: Array<{ symbol: string; qty: string }>;
}

export interface BookOrder {
  id: string;
  clientOrderId: string;
  venueOrderId: string | null;
  owner: string;
  symbol: string;
  side: string;
  type: string;
  status: string;
  qty: string;
  filledQty: string;
  reason: string | null;
  /** The order row folded again from its events: an order is the fold of its events. */
  fold: { status: string; filledQty: string } | { error: string };
  eventTypes: string[];
}

export interface BookFill {
  orderId: string;
  clientOrderId: string;
  venueTradeId: string;
  symbol: string;
  side: string;
  qty: string;
  price: string;
  fee: string;
}
