import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OrderEventType, OrderStatus } from '../../../shared/contract';
import { IllegalTransitionError, TRANSITIONS, isTerminal, nextStatus } from '../../../electron/core/domain/orderStateMachine';

describe('order transition table', () => {
  it('has a row for every status and only known events', () => {
    expect(Object.keys(TRANSITIONS).sort()).toEqual([...OrderStatus.options].sort());
    for (const row of Object.values(TRANSITIONS)) {
      for (const ev of Object.keys(row)) expect(OrderEventType.options).toContain(ev);
    }
  });

  it('terminal statuses accept no event', () => {
    for (const s of ['DENIED', 'REJECTED', 'FILLED', 'CANCELED', 'EXPIRED'] as const) {
      expect(isTerminal(s)).toBe(true);
      for (const ev of OrderEventType.options) expect(() => nextStatus(s, ev, false)).toThrow(IllegalTransitionError);
    }
  });

  it('Denied (our risk) only comes before submission; Rejected (the venue) only after', () => {
    expect(nextStatus('INITIALIZED', 'OrderDenied', false)).toBe('DENIED');
    expect(() => nextStatus('SUBMITTED', 'OrderDenied', false)).toThrow();
    expect(() => nextStatus('INITIALIZED', 'OrderRejected', false)).toThrow();
    expect(nextStatus('SUBMITTED', 'OrderRejected', false)).toBe('REJECTED');
  });

  it('a refused cancel restores the status the order had', () => {
    expect(nextStatus('PENDING_CANCEL', 'OrderCancelRejected', false)).toBe('ACCEPTED');
    expect(nextStatus('PENDING_CANCEL', 'OrderCancelRejected', true)).toBe('PARTIALLY_FILLED');
  });

  it('any sequence of events either follows the table or throws, never lands outside the statuses', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...OrderEventType.options), { maxLength: 30 }), fc.boolean(), (events, hasFills) => {
        let status: OrderStatus = 'INITIALIZED';
        for (const ev of events) {
          const allowed = TRANSITIONS[status][ev] !== undefined;
          if (!allowed) {
            expect(() => nextStatus(status, ev, hasFills)).toThrow(IllegalTransitionError);
            continue;
          }
          status = nextStatus(status, ev, hasFills);
          expect(OrderStatus.options).toContain(status);
        }
      }),
    );
  });
});
