import { describe, expect, it } from 'vitest';
import { Decimal, decStr } from '../../../electron/core/domain/decimal';
import type { TradingRules } from '../../../electron/core/domain/instrument';
import { InvalidOrderError, validateOrder, type OrderRequest } from '../../../electron/core/domain/orderValidation';

const rules: TradingRules = {
  symbol: 'ACME',
  tickSize: new Decimal('0.01'),
  lotSize: new Decimal('1'),
  minQty: new Decimal('1'),
  minNotional: new Decimal('5'),
  maxQty: new Decimal(1_000_000),
  tradable: true,
  shortable: true,
  quoteCurrency: 'USD',
};
const crypto: TradingRules = { ...rules, symbol: 'ORB/USD', lotSize: new Decimal('0.0001'), minQty: new Decimal('0.0001'), minNotional: new Decimal('10') };

const req = (over: Partial<OrderRequest>): OrderRequest => ({ symbol: 'ACME', side: 'buy', type: 'market', tif: 'day', qty: '10', ...over });

function refusal(r: OrderRequest, rr: TradingRules | null = rules, ref: Decimal | null = new Decimal(40)) {
  try {
    validateOrder(r, rr ?? undefined, ref);
  } catch (err) {
    expect(err).toBeInstanceOf(InvalidOrderError);
    const e = err as InvalidOrderError;
    return { message: e.message, field: Object.keys(e.fields ?? {})[0] };
  }
  throw new Error('expected the order to be refused');
}

describe('order validation', () => {
  it('accepts a sensible market and limit order and returns decimals', () => {
    const m = validateOrder(req({}), rules, new Decimal(40));
    expect(decStr(m.qty)).toBe('10');
    const l = validateOrder(req({ type: 'limit', limitPrice: '41.25', qty: 3 }), rules, null);
    expect(decStr(l.limitPrice!)).toBe('41.25');
  });

  it.each([
    ['zero', '0', /greater than zero/],
    ['negative', '-5', /greater than zero/],
    ['non-numeric', 'ten', /must be a number/],
    ['NaN', 'NaN', /must be a number/],
    ['Infinity', 'Infinity', /must be a number/],
    ['exponent', '1e3', /must be a number/],
    ['empty', '', /Enter a quantity/],
    ['absurd', '1000000000000', /larger than/],
    ['fraction of a share', '1.5', /lot size 1/],
  ])('refuses a %s quantity', (_name, qty, pattern) => {
    const r = refusal(req({ qty }));
    expect(r.message).toMatch(pattern);
    expect(r.field).toBe('qty');
  });

  it('refuses a non-finite number from a script', () => {
    expect(refusal(req({ qty: Number.NaN })).field).toBe('qty');
    expect(refusal(req({ qty: Number.POSITIVE_INFINITY })).field).toBe('qty');
  });

  it('refuses a limit order without a price, and an off-tick price', () => {
    expect(refusal(req({ type: 'limit' }))).toEqual({ message: 'A limit order needs a limit price', field: 'limitPrice' });
    expect(refusal(req({ type: 'limit', limitPrice: '10.005' })).message).toMatch(/not a multiple of the tick size 0.01/);
    expect(refusal(req({ type: 'limit', limitPrice: '-1' })).message).toMatch(/greater than zero/);
  });

  it('refuses an unknown symbol and an order below the minimum notional', () => {
    expect(refusal(req({ symbol: "NOPE" }), null).field).toBe('symbol');
    const small = refusal(req({ symbol: 'ORB/USD', qty: '0.1' }), crypto, new Decimal(38));
    expect(small.message).toMatch(/Order value 3.8 USD is below the minimum of 10 USD/);
  });

  it('refuses a limit price on a market order rather than guessing', () => {
    expect(refusal(req({ limitPrice: '10' })).field).toBe('limitPrice');
  });
});
