// Malformed payloads thrown at every invoke channel of a real workstation: the engine must
// always answer with an envelope (never throw), invalid input must not write to the orders,
// fills or connections tables, and no payload may pollute Object.prototype.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SessionVault } from '../../electron/core/secrets/sessionVault';
import { createWorkstation, type Workstation } from '../../electron/core/workstation';
import { EnvelopeShape, ErrorCode, invokeNames, type InvokeName } from '../../shared/contract';
import { tempDir } from '../support/tempDir';
import { randomAlpacaCredentials, venueDouble } from '../unit/connections/venueDouble';

const POLLUTING_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', '__defineGetter__'];
const FIELD_NAMES = ['id', 'name', 'venue', 'exchangeId', 'mode', 'sandbox', 'keyId', 'secret', 'passphrase', 'confirmName', 'symbol', 'side', 'type', 'qty', 'limitPrice', 'orderId', 'limit', 'paused', 'speed', 'query', 'scope', 'accountId'];

const huge = fc.integer({ min: 70_000, max: 1_500_000 }).map((n) => 'A'.repeat(n));
const nested = fc.integer({ min: 50, max: 3_000 }).map((depth) => {
  let v: unknown = { id: 'x' };
  for (let i = 0; i < depth; i++) v = i % 2 ? { id: v, name: v } : [v];
  return v;
});
const pollution = fc.oneof(
  fc.constantFrom(
    JSON.parse('{"__proto__": {"polluted": "yes"}}') as unknown,
    JSON.parse('{"constructor": {"prototype": {"polluted": "yes"}}}') as unknown,
    JSON.parse('{"id": "x", "__proto__": {"isAdmin": true, "polluted": "yes"}}') as unknown,
    JSON.parse('{"name": "n", "venue": "alpaca", "keyId": "PKAAAAAAAAAAAAAAAAAA", "secret": "s", "__proto__": {"polluted": "yes"}}') as unknown,
  ),
  fc.dictionary(fc.constantFrom(...POLLUTING_KEYS, ...FIELD_NAMES), fc.anything(), { maxKeys: 6 }),
);
const anyValue = fc.anything({ withNullPrototype: true, withBigInt: true, withDate: true, withMap: true, withSet: true, withTypedArray: true, withSparseArray: true, withBoxedValues: true });
const fieldValue = fc.oneof(anyValue, huge, fc.string(), fc.constantFrom('', ' ', '\u0000', 'conn-x', 'paper', 'live', 'alpaca', 'ccxt', 'ACME', -1, 0, 1e308, Number.NaN, true, null));
const payload = fc.oneof(
  { weight: 3, arbitrary: fc.jsonValue() },
  { weight: 3, arbitrary: anyValue },
  { weight: 1, arbitrary: huge },
  { weight: 1, arbitrary: nested },
  { weight: 2, arbitrary: pollution },
  { weight: 4, arbitrary: fc.dictionary(fc.constantFrom(...FIELD_NAMES), fieldValue, { maxKeys: 8 }) },
);

function snapshotPrototypes(): string {
  return [Object.prototype, Array.prototype, Function.prototype, String.prototype]
    .map((p) => Object.getOwnPropertyNames(p).sort().join(','))
    .join('|');
}

describe('fuzzing every invoke channel', () => {
  let t: ReturnType<typeof tempDir>;
  let ws: Workstation;
  let calls = 0;
  let targetId = '';
  const prototypesBefore = snapshotPrototypes();

  const tableRows = () =>
    ws.db
      .prepare(
        `SELECT (SELECT count(*) FROM orders) AS orders, (SELECT count(*) FROM order_events) AS orderEvents,
                (SELECT count(*) FROM fills) AS fills, (SELECT count(*) FROM connections) AS connections`,
      )
      .get() as Record<string, number>;

  async function check(channel: InvokeName, input: unknown): Promise<void> {
    const before = tableRows();
    let reply: unknown;
    try {
      // A fresh caller each time, so the order-entry rate limit does not hide the handlers.
      reply = await ws.invoke(channel, input, { caller: `fuzz-${calls++}` });
    } catch (err) {
      throw new Error(`${channel} threw instead of answering: ${String(err)}`);
    }
    const envelope = EnvelopeShape.safeParse(reply);
    expect(envelope.success, `${channel} answered something that is not an envelope`).toBe(true);
    const r = reply as { ok: boolean; error?: { code: string } };
    if (!r.ok) {
      expect(ErrorCode.options).toContain(r.error?.code);
      expect(r.error?.code, `${channel} hit an unexpected error`).not.toBe('INTERNAL');
      expect(tableRows(), `${channel} wrote after refusing`).toEqual(before);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  }

  beforeAll(async () => {
    t = tempDir();
    const creds = randomAlpacaCredentials('paper');
    ws = await createWorkstation({
      dataDir: t.dir,
      paused: true,
      historyDays: 1,
      log: () => {},
      vault: { vault: new SessionVault() },
      venueFactory: venueDouble({ accounts: [{ ...creds, venueAccountId: 'PA', buyingPower: '1' }] }).factory,
    });
    // One saved connection, so id-taking channels have something real to miss or hit.
    const added = await ws.invoke('connections.add', { name: 'Fuzz target', venue: 'alpaca', ...creds }, { caller: 'setup' });
    if (!added.ok) throw new Error(added.error.message);
    targetId = (added.value as { id: string }).id;
  });

  afterAll(async () => {
    await ws.close();
    t.cleanup();
  });

  it('answers every malformed payload on every channel with an envelope and writes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...invokeNames), payload, async (channel, input) => check(channel, input)),
      { numRuns: 1_500 },
    );
  });

  it('survives each channel with its known fields set to hostile values', async () => {
    for (const channel of invokeNames) {
      await fc.assert(
        fc.asyncProperty(fc.dictionary(fc.constantFrom(...FIELD_NAMES, ...POLLUTING_KEYS), fieldValue, { minKeys: 1, maxKeys: 5 }), (input) =>
          check(channel, input),
        ),
        { numRuns: 60 },
      );
    }
  });

  it('schema-valid but wrong connection requests are refused by the handlers in words, never with INTERNAL', async () => {
    const text = (min: number, max: number) => fc.string({ unit: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)), minLength: min, maxLength: max });
    const someId = fc.oneof(fc.constant(targetId), fc.constantFrom('__proto__', 'constructor', 'conn-0'), text(1, 64));
    const add = fc.record(
      {
        name: text(1, 64),
        venue: fc.constantFrom('alpaca', 'ccxt'),
        exchangeId: fc.constantFrom('binance', 'okx', 'kraken', 'bitstamp', 'hyperliquid', 'nosuch', '__proto__', 'constructor', 'hasownproperty', 'toString'.toLowerCase()),
        mode: fc.constantFrom('paper', 'live'),
        sandbox: fc.boolean(),
        keyId: text(1, 80),
        secret: text(1, 80),
        passphrase: text(1, 20),
      },
      { requiredKeys: ['name', 'venue', 'keyId', 'secret'] },
    );
    const requests = fc.oneof(
      add.map((input) => ['connections.add', input] as const),
      someId.map((id) => ['connections.test', { id }] as const),
      fc.tuple(someId, text(1, 64)).map(([id, name]) => ['connections.rename', { id, name }] as const),
      fc.tuple(someId, fc.string({ maxLength: 64 })).map(([id, confirmName]) => ['connections.enableLive', { id, confirmName }] as const),
      someId.map((id) => ['connections.disableLive', { id }] as const),
      someId.filter((id) => id !== targetId).map((id) => ['connections.delete', { id }] as const),
    );
    await fc.assert(
      fc.asyncProperty(requests, ([channel, input]) => check(channel, input)),
      { numRuns: 400 },
    );
    expect(ws.connections.list()).toHaveLength(1);
  });

  it('left the prototypes of built-in objects untouched', () => {
    expect(snapshotPrototypes()).toBe(prototypesBefore);
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
    expect(Object.prototype).not.toHaveProperty('polluted');
    expect(Object.prototype).not.toHaveProperty('isAdmin');
  });
});
