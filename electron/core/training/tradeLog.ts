/**
 * Round trips in growable typed-array columns. A trade opens when the position leaves zero
 * and closes when it returns to zero (a reversal closes one trade and opens the next). Adds
 * and partial exits belong to the trade: entry and exit prices are quantity-weighted averages.
 *
 * Trades are rare next to bars, so the doubling growth here is the only allocation a backtest
 * makes after it starts, and it is amortised.
 */

export interface TradeRecord {
  /** +1 long, -1 short. */
  side: number;
  /** Total quantity entered over the trade (adds included). */
  qty: number;
  entryBar: number;
  exitBar: number;
  /** Epoch seconds of the first entry fill's bar and the last exit fill's bar. */
  entryT: number;
  exitT: number;
  entryPrice: number;
  exitPrice: number;
  /** Realised P&L net of all fees of the trade. */
  pnl: number;
  fees: number;
  entryReason: string;
  exitReason: string;
}

const FIELDS = ['side', 'qty', 'entryBar', 'exitBar', 'entryT', 'exitT', 'entryPrice', 'exitPrice', 'pnl', 'fees'] as const;
type Field = (typeof FIELDS)[number];

export class TradeLog {
  length = 0;
  private cols: Record<Field, Float64Array>;
  private entryReasons: string[] = [];
  private exitReasons: string[] = [];

  constructor(capacity = 64) {
    this.cols = TradeLog.allocate(Math.max(1, capacity));
  }

  private static allocate(capacity: number): Record<Field, Float64Array> {
    const out = {} as Record<Field, Float64Array>;
    for (const f of FIELDS) out[f] = new Float64Array(capacity);
    return out;
  }

  push(side: number, qty: number, entryBar: number, exitBar: number, entryT: number, exitT: number, entryPrice: number, exitPrice: number, pnl: number, fees: number, entryReason: string, exitReason: string): void {
    if (this.length === this.cols.side.length) this.grow();
    const k = this.length++;
    const c = this.cols;
    c.side[k] = side;
    c.qty[k] = qty;
    c.entryBar[k] = entryBar;
    c.exitBar[k] = exitBar;
    c.entryT[k] = entryT;
    c.exitT[k] = exitT;
    c.entryPrice[k] = entryPrice;
    c.exitPrice[k] = exitPrice;
    c.pnl[k] = pnl;
    c.fees[k] = fees;
    this.entryReasons[k] = entryReason;
    this.exitReasons[k] = exitReason;
  }

  private grow(): void {
    const next = TradeLog.allocate(this.cols.side.length * 2);
    for (const f of FIELDS) next[f].set(this.cols[f]);
    this.cols = next;
  }

  /** The P&L column (a view: valid until the next push). */
  pnlColumn(): Float64Array {
    return this.cols.pnl.subarray(0, this.length);
  }

  get(k: number): TradeRecord {
    if (k < 0 || k >= this.length) throw new RangeError(`trade ${k} of ${this.length}`);
    const c = this.cols;
    return {
      side: c.side[k]!,
      qty: c.qty[k]!,
      entryBar: c.entryBar[k]!,
      exitBar: c.exitBar[k]!,
      entryT: c.entryT[k]!,
      exitT: c.exitT[k]!,
      entryPrice: c.entryPrice[k]!,
      exitPrice: c.exitPrice[k]!,
      pnl: c.pnl[k]!,
      fees: c.fees[k]!,
      entryReason: this.entryReasons[k]!,
      exitReason: this.exitReasons[k]!,
    };
  }

  toArray(): TradeRecord[] {
    const out: TradeRecord[] = [];
    for (let k = 0; k < this.length; k++) out.push(this.get(k));
    return out;
  }
}
