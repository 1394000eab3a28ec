import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decimal, decStr } from '../../../electron/core/domain/decimal';
import {
  SIMPLE,
  applyOrderEvent,
  avgFillPrice,
  fillEventType,
  foldOrder,
  serializeSpec,
  toOrderDto,
  type OrderEventRecord,
  type OrderState,
} from '../../../electron/core/domain/order';

const spec = serializeSpec({
  id: 'o-1',
  clientOrderId: 'tw-m-1',
  accountId: 'paper',
  owner: 'manual',
  symbol: 'ACME',
  side: 'buy',
  type: 'limit',
  tif: 'day',
  qty: new Decimal(10),
  limitPrice: new Decimal('10.50'),
  stopPrice: null,
  extras: SIMPLE,
});

const fill = (n: number, qty: string, price: string) => ({
  fillId: `f${n}`,
  venueTradeId: `t${n}`,
  qty,
  price,
  fee: '0',
  feeCurrency: 'USD',
  liquidity: 'maker' as const,
});

function base(): OrderState {
  return foldOrder([
    { at: 1, data: { type: 'OrderInitialized', spec } },
    { at: 2, data: { type: 'OrderSubmitted' } },
    { at: 3, data: { type: 'OrderAccepted', venueOrderId: 'V1' } },
  ]);
}

describe('order fold', () => {
  it('folds initialize, submit, accept, partial fills and the final fill', () => {
    let s = base();
    expect(s.status).toBe('ACCEPTED');
    expect(s.venueOrderId).toBe('V1');
    s = applyOrderEvent(s, { at: 4, data: { type: 'OrderPartiallyFilled', fill: fill(1, '4', '10.5') } });
    expect(s.status).toBe('PARTIALLY_FILLED');
    s = applyOrderEvent(s, { at: 5, data: { type: 'OrderFilled', fill: fill(2, '6', '10.25') } });
    expect(s.status).toBe('FILLED');
    expect(decStr(s.filledQty)).toBe('10');
    // (4*10.5 + 6*10.25) / 10 = 10.35
    expect(decStr(avgFillPrice(s)!)).toBe('10.35');
    expect(toOrderDto(s).avgFillPrice).toBe('10.35');
  });

  it('refuses a fill that would overfill the order', () => {
    expect(() => applyOrderEvent(base(), { at: 4, data: { type: 'OrderPartiallyFilled', fill: fill(1, '11', '10') } })).toThrow(/past its quantity/);
  });

  it('refuses events before initialization and a second initialization', () => {
    expect(() => applyOrderEvent(null, { at: 1, data: { type: 'OrderSubmitted' } })).toThrow();
    expect(() => applyOrderEvent(base(), { at: 1, data: { type: 'OrderInitialized', spec } })).toThrow();
  });

  it('average price and filled quantity do not depend on the order fills arrive in', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ qty: fc.integer({ min: 1, max: 3 }), cents: fc.integer({ min: 900, max: 1100 }) }), { minLength: 1, maxLength: 3 }),
        fc.context(),
        (fills, ctx) => {
          const apply = (list: typeof fills) => {
            let s: OrderState = base();
            list.forEach((f, i) => {
              const qty = new Decimal(f.qty);
              const ev: OrderEventRecord = {
                at: 10 + i,
                data: { type: fillEventType(s, qty), fill: fill(i, String(f.qty), new Decimal(f.cents).div(100).toFixed()) },
              };
              s = applyOrderEvent(s, ev);
            });
            return s;
          };
          const a = apply(fills);
          const b = apply([...fills].reverse());
          ctx.log(JSON.stringify(fills));
          expect(decStr(a.filledQty)).toBe(decStr(b.filledQty));
          expect(decStr(avgFillPrice(a)!)).toBe(decStr(avgFillPrice(b)!));
          expect(a.status).toBe(b.status);
        },
      ),
    );
  });
});
