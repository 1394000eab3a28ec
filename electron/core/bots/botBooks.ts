/**
 * A bot's own books. An account's positions are shared by everything that trades on it
 * (the ticket, several bots); a bot's position in a symbol is the sum of the fills of the
 * orders it owns (client order ids and the orders' owner say "bot:<id>"). A shadow bot
 * never sends orders: its books are the fills it assumed (bot_shadow_fills).
 *
 * P&L is average-cost, fees included when charged in the account currency: total = realised
 * + unrealised at the current mark - fees; today = total now - total at 00:00 UTC of the
 * market day (positions then marked at the last close before midnight).
 */
import type { BotPosition } from '../../../shared/contract';
import { Decimal, ZERO, dec, decStr } from '../domain/decimal';
import { applyFillToPosition, emptyPosition, type PositionState } from '../domain/position';
import type { Db } from '../store/database';
import type { BotStore } from './botStore';

export interface LedgerFill {
  symbol: string;
  side: 'buy' | 'sell';
  qty: Decimal;
  price: Decimal;
  /** Fee in the account currency (a fee in the traded coin is taken off the quantity instead). */
  fee: Decimal;
  at: number;
}

export interface BookOwner {
  id: string;
  accountId: string;
  shadow: boolean;
}

export interface BotBooksDeps {
  db: Db;
  store: BotStore;
  currency: (accountId: string) => string;
  mark: (accountId: string, symbol: string) => Decimal | null;
  /** The last close before `ms`, for today's P&L. */
  markAt: (accountId: string, symbol: string, ms: number) => Decimal | null;
  marketNow: (accountId: string) => number;
}

interface Fold {
  positions: Map<string, PositionState>;
  fees: Decimal;
}

function fold(fills: readonly LedgerFill[], until = Number.POSITIVE_INFINITY): Fold {
  const positions = new Map<string, PositionState>();
  let fees = ZERO;
  for (const f of fills) {
    if (f.at >= until) break;
    const pos = positions.get(f.symbol) ?? emptyPosition('', f.symbol, f.at);
    positions.set(f.symbol, applyFillToPosition(pos, { side: f.side, qty: f.qty, price: f.price, at: f.at }));
    fees = fees.plus(f.fee);
  }
  return { positions, fees };
}

function pnlOf(f: Fold, mark: (symbol: string) => Decimal | null): Decimal {
  let total = f.fees.neg();
  for (const p of f.positions.values()) {
    total = total.plus(p.realizedPnl);
    const m = mark(p.symbol);
    if (m && !p.qty.isZero()) total = total.plus(m.minus(p.avgPrice).times(p.qty));
  }
  return total;
}

const money = (d: Decimal) => decStr(d.toDecimalPlaces(2, Decimal.ROUND_HALF_UP));

export class BotBooks {
  private readonly cache = new Map<string, { key: string; fills: LedgerFill[] }>();
  private readonly byOwner;

  constructor(private readonly d: BotBooksDeps) {
    this.byOwner = d.db.prepare(
      `SELECT f.symbol, f.side, f.qty, f.price, f.fee, f.fee_currency AS feeCurrency, f.at FROM fills f JOIN orders o ON o.id = f.order_id
       WHERE o.owner = ? AND o.account_id = ? ORDER BY f.at, f.rowid`,
    );
  }

  /** Forget what is cached for a bot (new fills, a mode change). */
  invalidate(botId: string): void {
    this.cache.delete(botId);
  }

  ledger(b: BookOwner): LedgerFill[] {
    const key = `${b.id}|${b.accountId}|${b.shadow ? 's' : 'r'}`;
    const cached = this.cache.get(b.id);
    if (cached?.key === key) return cached.fills;
    const fills = b.shadow ? this.shadowLedger(b.id) : this.realLedger(b);
    this.cache.set(b.id, { key, fills });
    return fills;
  }

  /** The bot's position in a symbol (signed, instrument units). */
  position(b: BookOwner, symbol: string): Decimal {
    let q = ZERO;
    for (const f of this.ledger(b)) if (f.symbol === symbol) q = f.side === 'buy' ? q.plus(f.qty) : q.minus(f.qty);
    return q;
  }

  /** Symbols the bot holds a position in. */
  held(b: BookOwner): Map<string, Decimal> {
    const out = new Map<string, Decimal>();
    for (const f of this.ledger(b)) out.set(f.symbol, (out.get(f.symbol) ?? ZERO)[f.side === 'buy' ? 'plus' : 'minus'](f.qty));
    for (const [s, q] of out) if (q.isZero()) out.delete(s);
    return out;
  }

  summary(b: BookOwner): { positions: BotPosition[]; pnl: { today: string; total: string; currency: string } } {
    const fills = this.ledger(b);
    const now = this.d.marketNow(b.accountId);
    const dayStart = Math.floor(now / 86_400_000) * 86_400_000;
    const all = fold(fills);
    const mark = (s: string) => this.d.mark(b.accountId, s);
    const total = pnlOf(all, mark);
    const before = fold(fills, dayStart);
    const atDayStart = pnlOf(before, (s) => this.d.markAt(b.accountId, s, dayStart));
    const positions: BotPosition[] = [];
    for (const p of all.positions.values()) {
      if (p.qty.isZero()) continue;
      const m = mark(p.symbol);
      positions.push({
        symbol: p.symbol,
        qty: decStr(p.qty),
        avgPrice: decStr(p.avgPrice.toDecimalPlaces(8)),
        unrealizedPnl: m ? money(m.minus(p.avgPrice).times(p.qty)) : null,
      });
    }
    return { positions, pnl: { today: money(total.minus(atDayStart)), total: money(total), currency: this.d.currency(b.accountId) } };
  }

  private shadowLedger(botId: string): LedgerFill[] {
    return this.d.store.shadowFills(botId).map((f) => ({ symbol: f.symbol, side: f.side, qty: dec(f.qty), price: dec(f.price), fee: ZERO, at: f.at }));
  }

  private realLedger(b: BookOwner): LedgerFill[] {
    const currency = this.d.currency(b.accountId);
    const rows = this.byOwner.all(`bot:${b.id}`, b.accountId) as Array<{
      symbol: string;
      side: 'buy' | 'sell';
      qty: string;
      price: string;
      fee: string;
      feeCurrency: string;
      at: number;
    }>;
    return rows.map((r) => {
      const qty = dec(r.qty);
      const fee = dec(r.fee);
      const base = r.symbol.includes('/') ? r.symbol.split('/')[0] : undefined;
      // As the OMS books it: a fee in the coin received leaves fewer units for the same cost.
      if (base !== undefined && r.feeCurrency === base && r.feeCurrency !== currency && !fee.isZero()) {
        const units = r.side === 'buy' ? qty.minus(fee) : qty.plus(fee);
        return { symbol: r.symbol, side: r.side, qty: units, price: qty.times(dec(r.price)).div(units), fee: ZERO, at: r.at };
      }
      return { symbol: r.symbol, side: r.side, qty, price: dec(r.price), fee: r.feeCurrency === currency ? fee : ZERO, at: r.at };
    });
  }
}
