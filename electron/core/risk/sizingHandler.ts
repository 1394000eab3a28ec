import type { OutputOf, ParsedInputOf } from '../../../shared/contract';
import { ApiError } from '../api/errors';
import { Decimal, decStr, parseUserDecimal } from '../domain/decimal';
import type { TradingRules } from '../domain/instrument';
import {
  SizingError,
  atr,
  fixedNotional,
  fixedQuantity,
  fractionalKelly,
  percentOfEquity,
  riskPerTrade,
  volatilityScaled,
  type Bars,
  type PositionSize,
} from './sizing';

export interface SizingDeps {
  rules: (accountId: string, symbol: string) => TradingRules | undefined;
  lastPrice: (accountId: string, symbol: string) => Decimal | null;
  equity: (accountId: string) => Decimal | null;
  /** Recent 1-minute bars for the ATR, oldest first; null when the account has no stored bars. */
  bars: (accountId: string, symbol: string, count: number) => Bars | null;
  defaultAccount: string;
}

/** `sizing.compute`: the ticket's and the bots' position size, explained in words. */
export function computeSizing(d: SizingDeps, input: ParsedInputOf<'sizing.compute'>): OutputOf<'sizing.compute'> {
  const accountId = input.accountId ?? d.defaultAccount;
  const rules = d.rules(accountId, input.symbol);
  if (!rules) throw new ApiError('NOT_FOUND', `Unknown symbol ${input.symbol} for this account`);
  const num = (name: string, fallback?: number): Decimal => {
    const raw = input.params[name];
    if (raw === undefined) {
      if (fallback !== undefined) return new Decimal(fallback);
      throw new ApiError('BAD_REQUEST', `The ${input.method.replace(/_/g, ' ')} method needs "${name}"`, { [name]: 'Required' });
    }
    const v = parseUserDecimal(raw);
    if (v === null) throw new ApiError('BAD_REQUEST', `"${name}" must be a number`, { [name]: 'Must be a number' });
    return v;
  };
  const price = input.price !== undefined ? parseUserDecimal(input.price) : d.lastPrice(accountId, input.symbol);
  if (price === null) throw new ApiError('BAD_REQUEST', `No price for ${input.symbol}: enter one`, { price: 'Required' });
  const lot = { lotSize: rules.lotSize, minQty: rules.minQty };
  const equity = () => {
    const e = d.equity(accountId);
    if (e === null) throw new ApiError('UNAVAILABLE', 'The account equity is not known yet');
    return e;
  };
  let size: PositionSize;
  try {
    switch (input.method) {
      case 'fixed_qty':
        size = fixedQuantity({ qty: num('qty'), price, lot });
        break;
      case 'fixed_notional':
        size = fixedNotional({ notional: num('notional'), price, lot });
        break;
      case 'pct_equity':
        size = percentOfEquity({ equity: equity(), pct: num('pct'), price, lot });
        break;
      case 'risk_per_trade':
        size = riskPerTrade({ equity: equity(), riskPct: num('riskPct'), stopDistance: num('stopDistance'), price, lot });
        break;
      case 'volatility_atr': {
        const period = num('period', 14).toNumber();
        const bars = d.bars(accountId, input.symbol, period + 1);
        if (!bars) throw new ApiError('UNAVAILABLE', `No stored bars for ${input.symbol}: the ATR cannot be computed`);
        size = volatilityScaled({ equity: equity(), riskPct: num('riskPct'), atr: atr(bars, period), atrMultiple: num('atrMultiple', 2), price, lot });
        break;
      }
      case 'kelly':
        size = fractionalKelly({
          equity: equity(),
          winRate: num('winRate'),
          payoff: num('payoff'),
          fraction: num('fraction', 0.5),
          capPct: num('capPct', 20),
          price,
          lot,
        });
        break;
    }
  } catch (err) {
    if (err instanceof SizingError) throw new ApiError('BAD_REQUEST', err.message);
    throw err;
  }
  return { qty: decStr(size.qty), notional: decStr(size.notional.toDecimalPlaces(2)), explanation: size.explanation };
}
