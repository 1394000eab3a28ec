import { describe, expect, it, vi } from 'vitest';
import { createDispatcher, type Handlers } from '../../../electron/core/api/dispatcher';
import { ApiError } from '../../../electron/core/api/errors';
import { createLogger, Redactor } from '../../../electron/core/log/logger';
import { invokeNames } from '../../../shared/contract';

function handlers(over: Partial<Handlers> = {}): Handlers {
  const fail = () => {
    throw new Error('not expected in this test');
  };
  const all = Object.fromEntries(invokeNames.map((n) => [n, fail])) as unknown as Handlers;
  return { ...all, ...over };
}

const ctx = { caller: 'test' };
const log = createLogger({ redactor: new Redactor() });

describe('dispatcher', () => {
  it('refuses an unknown channel without calling anything', async () => {
    const d = createDispatcher(handlers(), { log });
    expect(await d('orders.delete_everything', {}, ctx)).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
    expect(await d('__proto__', {}, ctx)).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
  });

  it('parses input with the channel schema and names the bad field', async () => {
    const submit = vi.fn();
    const d = createDispatcher(handlers({ 'orders.submit': submit }), { log });
    const res = await d('orders.submit', { symbol: 'ACME', side: 'hold', type: 'market', qty: 1 }, ctx);
    expect(res).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', fields: { side: expect.any(String) } } });
    expect(await d('orders.submit', 'not an object', ctx)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(await d('orders.submit', { symbol: 'ACME', side: 'buy', type: 'market', qty: 1, extra: true }, ctx)).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST' },
    });
    expect(submit).not.toHaveBeenCalled();
  });

  it('passes ApiErrors through as their code and hides unexpected errors', async () => {
    const d = createDispatcher(
      handlers({
        'orders.cancel': () => {
          throw new ApiError('CONFLICT', 'already filled');
        },
        'orders.history': () => {
          throw new Error('SQLITE_IOERR at /secret/path');
        },
      }),
      { log },
    );
    expect(await d('orders.cancel', { orderId: 'x' }, ctx)).toEqual({ ok: false, error: { code: 'CONFLICT', message: 'already filled' } });
    const hidden = await d('orders.history', { orderId: 'x' }, ctx);
    expect(hidden).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(JSON.stringify(hidden)).not.toContain('secret');
  });

  it('checks handler output against the contract', async () => {
    const d = createDispatcher(handlers({ 'positions.list': () => [{ symbol: 'ACME' }] as never }), { log });
    expect(await d('positions.list', {}, ctx)).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
  });

  it('rate limits order entry per caller, not other channels or other callers', async () => {
    let t = 0;
    const d = createDispatcher(handlers({ 'orders.cancel': () => ({}) as never, 'positions.list': () => [] }), {
      log,
      ratePerSecond: 5,
      burst: 3,
      now: () => t,
    });
    const codes: string[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await d('orders.cancel', { orderId: 'x' }, ctx);
      codes.push(r.ok ? 'ok' : r.error.code);
    }
    expect(codes.slice(3)).toEqual(['RATE_LIMITED', 'RATE_LIMITED']);
    expect((await d('positions.list', {}, ctx)).ok).toBe(true);
    expect((await d('orders.cancel', { orderId: 'x' }, { caller: 'other' })).ok).toBe(false); // output invalid, but not rate limited
    expect(await d('orders.cancel', { orderId: 'x' }, { caller: 'other' })).not.toMatchObject({ error: { code: 'RATE_LIMITED' } });
    t += 1_000;
    expect(await d('orders.cancel', { orderId: 'x' }, ctx)).not.toMatchObject({ error: { code: 'RATE_LIMITED' } });
  });
});
