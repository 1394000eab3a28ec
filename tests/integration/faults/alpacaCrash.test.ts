// Fault injection against Alpaca: the engine (the real OMS and store on a SQLite file,
// with the real SDK through AlpacaConnection) runs in a child process and is SIGKILLed at
// each step of an order's life; the fake Alpaca lives here, in the test process, so the
// venue survives the kill and keeps trading while the engine is down. A fresh engine on
// the same file then reconciles, and its books must equal the venue's.
//
// FAULT_ITERATIONS=n runs each scenario n times (default below); FAULT_SEED=s replays a run;
// FAULT_VERBOSE=1 prints what each iteration did; FAULT_SABOTAGE=no-reconcile-fills or
// resend-on-restart breaks recovery in the restarted engine (to see these tests fail).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Order } from '../../../shared/contract';
import type { FaultPoint } from '../../../electron/core/oms/orderManager';
import { startFakeAlpaca, type FakeAlpaca } from '../../support/fakeAlpaca';
import type { AlpacaEngineConfig } from '../../support/crashChild/alpacaEngine';
import { ALPACA_ENGINE, DIED, WarmPool, type EngineChild } from '../../support/crashChild/engineChild';
import { FAULT_POINTS, type Books, type ChildMessage, type FaultRecord, type FaultSpec, type OrderRequestJson, type ReconcileJson } from '../../support/crashChild/protocol';
import { tempDir } from '../../support/tempDir';
import { booksMatchVenue, type VenueFacts, type VenueOrderFacts } from './invariants';
import { Rng, baseSeed, iterations, seedFor } from './rng';

const ACCOUNT = 'alpaca-paper';
const SYMBOL = 'AAPL';
const PRICE = '190';
const BASE_SEED = baseSeed();
const ITERATIONS = iterations(12);
// Printed so a failing run can be replayed with FAULT_SEED.
console.info(`alpaca fault injection: FAULT_SEED=${BASE_SEED} FAULT_ITERATIONS=${ITERATIONS}`);

/**
 * The workload reaches each point this many times when nothing kills it: three submits
 * (market buy A, limit buy B, market sell C) and four executions (A, B in two parts, C).
 */
const HITS: Record<FaultPoint, number> = { 'after-intent': 3, 'after-venue-ack': 3, 'fill-before-commit': 4, 'after-fill-commit': 4 };

type Step = 'A' | 'B' | 'partB' | 'restB' | 'C';
/** Each step with the steps that must come before it. */
const AFTER: Record<Step, Step[]> = { A: [], B: [], partB: ['B'], restB: ['partB'], C: ['A'] };

/** A random order of the steps that respects AFTER: orders interleave differently each time. */
function stepOrder(rng: Rng): Step[] {
  const out: Step[] = [];
  const left = new Set<Step>(Object.keys(AFTER) as Step[]);
  while (left.size) {
    const ready = [...left].filter((s) => AFTER[s].every((d) => out.includes(d)));
    const s = rng.pick(ready);
    out.push(s);
    left.delete(s);
  }
  return out;
}

const OPEN_AT_VENUE = new Set(['new', 'partially_filled', 'accepted', 'pending_new']);
const isFill = (m: ChildMessage, pred: (f: Extract<ChildMessage, { type: 'fill' }>) => boolean) => m.type === 'fill' && pred(m);

class Iteration {
  readonly trace: string[] = [];
  readonly dbPath: string;
  private readonly t0 = Date.now();
  private readonly children: EngineChild[] = [];
  /** Engines that were not killed nor sabotaged: they go back to the pool when the iteration ends. */
  private readonly recyclable = new Set<EngineChild>();

  constructor(
    readonly rng: Rng,
    readonly fake: FakeAlpaca,
    readonly dir: string,
    private readonly pool: WarmPool,
  ) {
    this.dbPath = join(dir, 'ws.db');
  }

  log(line: string): void {
    this.trace.push(`${String(Date.now() - this.t0).padStart(5)} ms  ${line}`);
  }

  why(): string {
    return `seed ${this.rng.seed} (FAULT_SEED=${BASE_SEED}); what happened:\n  ${this.trace.join('\n  ')}`;
  }

  engine(fault: FaultSpec | null, sabotage?: AlpacaEngineConfig['sabotage']): EngineChild {
    const config: AlpacaEngineConfig = {
      dbPath: this.dbPath,
      accountId: ACCOUNT,
      baseUrl: this.fake.baseUrl,
      streamUrl: this.fake.streamUrl,
      keyId: this.fake.keyId,
      secret: this.fake.secret,
      fault,
      faultFile: join(this.dir, 'fault.json'),
      sabotage,
    };
    const child = this.pool.take().start(config);
    this.children.push(child);
    if (!fault && !sabotage) this.recyclable.add(child);
    return child;
  }

  /** Waits for an engine to be connected and reconciled; fails with its stderr if it died instead. */
  async up(child: EngineChild): Promise<ReconcileJson | null> {
    const ready = await child.ready();
    if (ready === DIED) throw new Error(`the engine died while starting (${JSON.stringify(child.exit)}); stderr:\n${child.errors()}\n${this.why()}`);
    return ready.reconcile;
  }

  /** Submits through the engine; undefined when the engine died before answering. */
  async submit(child: EngineChild, req: OrderRequestJson): Promise<Order | undefined> {
    const r = await child.request({ cmd: 'submit', req, referencePrice: PRICE });
    if (r === DIED) {
      this.log(`submit ${req.side} ${req.type} ${req.qty}: engine died before answering`);
      return undefined;
    }
    if (!r.ok) throw new Error(`submit refused: ${r.error}\n${this.why()}`);
    const order = r.value as Order;
    this.log(`submit ${req.side} ${req.type} ${req.qty} -> ${order.clientOrderId} ${order.status}`);
    return order;
  }

  /** Sometimes waits for the engine to book a fill, sometimes races on: both timings get exercised. */
  async maybeAwaitBooking(child: EngineChild, pred: (f: Extract<ChildMessage, { type: 'fill' }>) => boolean, what: string): Promise<void> {
    if (!this.rng.chance(0.6)) return;
    const m = await child.waitFor((x) => isFill(x, pred), what);
    this.log(m === DIED ? `  (engine died before booking ${what})` : `  booked ${what}`);
  }

  /** Asserts the engine died by SIGKILL (and, for a fault point, at that point's Nth hit). */
  async expectKilled(child: EngineChild, fault: FaultSpec | null): Promise<void> {
    const exit = await child.waitExit(20_000).catch((err: Error) => {
      throw new Error(`${err.message}\n${fault ? `fault ${fault.point} #${fault.hit} was never reached; ` : ''}${this.why()}`);
    });
    expect(exit, `the engine should die by SIGKILL; stderr:\n${child.errors()}\n${this.why()}`).toEqual({ code: null, signal: 'SIGKILL' });
    if (fault) {
      const file = join(this.dir, 'fault.json');
      expect(existsSync(file), this.why()).toBe(true);
      const record = JSON.parse(readFileSync(file, 'utf8')) as FaultRecord;
      expect({ point: record.point, hit: record.hit }).toEqual(fault);
    }
    this.log(`engine killed (${fault ? `${fault.point} #${fault.hit}` : 'from outside'})`);
  }

  /** While the engine is down: the venue fills, expires, or leaves its open orders; someone else may place an order. */
  async tradeWhileDown(opts: { external: boolean }): Promise<void> {
    const { fake, rng } = this;
    for (const o of fake.controls.orders()) {
      if (!OPEN_AT_VENUE.has(String(o.status))) continue;
      const id = String(o.client_order_id);
      const left = Number(o.qty) - Number(o.filled_qty);
      const action = rng.pick(['fill-rest', 'fill-rest-in-parts', 'fill-some-then-expire', 'expire', 'leave-open'] as const);
      this.log(`while down: ${action} ${id} (${left} left)`);
      if (action === 'fill-rest') fake.controls.fill(id);
      if (action === 'fill-rest-in-parts') {
        let remaining = left;
        while (remaining > 1 && rng.chance(0.7)) {
          const part = rng.int(1, remaining - 1);
          fake.controls.fill(id, part);
          remaining -= part;
        }
        fake.controls.fill(id);
      }
      if (action === 'fill-some-then-expire') {
        if (left > 1) fake.controls.fill(id, rng.int(1, left - 1));
        fake.controls.expire(id);
      }
      if (action === 'expire') fake.controls.expire(id);
    }
    if (opts.external) {
      // An order placed at Alpaca by someone else (its web page, another app): reconcile adopts it.
      const clientOrderId = `ext-${rng.seed}`;
      const res = await fetch(`${fake.baseUrl}/v2/orders`, {
        method: 'POST',
        headers: { 'APCA-API-KEY-ID': fake.keyId, 'APCA-API-SECRET-KEY': fake.secret, 'Content-Type': 'application/json' },
        body: JSON.stringify({ symbol: SYMBOL, qty: '3', side: 'buy', type: 'limit', limit_price: '170', time_in_force: 'gtc', client_order_id: clientOrderId }),
      });
      expect(res.status).toBe(200);
      const part = rng.chance(0.5);
      if (part) fake.controls.fill(clientOrderId, 1);
      this.log(`while down: an external limit buy ${clientOrderId}${part ? ', 1 of 3 filled' : ''}`);
    }
  }

  /**
   * Restarts the engine on the same file, lets it reconcile and settle, and compares its books
   * with the venue's records (restartAndCheck insists they agree). With tradeDuringRestart the venue keeps trading meanwhile: one of its
   * open orders fills while the new engine reconciles (or, if the moment never comes, just
   * after), so the fill reaches the engine by the stream mid-reconcile.
   */
  async restart(opts: { tradeDuringRestart?: boolean; sabotage?: AlpacaEngineConfig['sabotage'] } = {}): Promise<{ books: Books; settle: ReconcileJson; problems: string[] }> {
    const { fake, rng } = this;
    // Only our own orders: an external order that fills before reconcile has adopted it is never
    // adopted (only open unknown orders are, and the stream's fill for an unknown order is
    // dropped); the OMS only reports that as a position mismatch for the user to settle.
    const open = fake.controls.orders().filter((o) => OPEN_AT_VENUE.has(String(o.status)) && String(o.client_order_id).startsWith('tw-'));
    let fire: (() => void) | undefined;
    let executionId: string | undefined;
    let reconciled = false;
    if (opts.tradeDuringRestart && open.length) {
      const target = String(rng.pick(open).client_order_id);
      fire = () => {
        if (executionId) return;
        executionId = fake.controls.fill(target).executionId;
        this.log(`during restart (${reconciled ? 'after' : 'while'} reconciling): the venue fills the rest of ${target} (${executionId})`);
      };
      // Either when reconcile looks up the first order it checks (then the fill reaches the
      // engine while it works through its list), or when it looks up this very order.
      const own = rng.chance(0.5);
      void (async () => {
        while (!reconciled && !executionId) {
          const r = await fake.controls.nextRequest({ method: 'GET', path: '/v2/orders:by_client_order_id' });
          if (!reconciled && (!own || r.query.client_order_id === target)) fire?.();
        }
      })();
    }
    const child = this.engine(null, opts.sabotage);
    this.log(`restart: reconciled ${JSON.stringify(await this.up(child))}`);
    reconciled = true;
    fire?.();
    if (executionId) {
      const id = executionId;
      const booked = await child.waitFor((m) => isFill(m, (f) => f.tradeId === id), `the fill ${id} made during the restart`).catch((err: Error) => {
        throw new Error(`${err.message}\n${this.why()}`);
      });
      expect(booked, this.why()).not.toBe(DIED);
    }
    const settle = await child.call<ReconcileJson>({ cmd: 'settle' });
    const path = join(this.dir, 'books.json');
    await child.call({ cmd: 'books', path });
    const books = JSON.parse(readFileSync(path, 'utf8')) as Books;
    return { books, settle, problems: booksMatchVenue(books, await venueFacts(this.fake)) };
  }

  async restartAndCheck(opts: { tradeDuringRestart?: boolean } = {}): Promise<{ books: Books; settle: ReconcileJson }> {
    // FAULT_SABOTAGE breaks every restart on purpose, to watch these checks fail.
    const sabotage = process.env.FAULT_SABOTAGE as AlpacaEngineConfig['sabotage'] | undefined;
    const { books, settle, problems } = await this.restart({ ...opts, sabotage });
    expect(problems, `books after restart differ from Alpaca's records\n${this.why()}\nbooks: ${JSON.stringify(books, null, 1)}`).toEqual([]);
    // A second look finds nothing more to do.
    expect(settle, this.why()).toMatchObject({ adopted: 0, fillsApplied: 0, closed: 0, positionMismatches: [] });
    return { books, settle };
  }

  async close(): Promise<void> {
    for (const c of this.children) {
      if (!c.alive) continue;
      if (this.recyclable.has(c) && (await c.recycle())) this.pool.give(c);
      else await c.shutdown().catch(() => c.kill());
    }
  }
}

/** The fake's own records: orders, executions, positions, cash, and every order POST it received. */
async function venueFacts(fake: FakeAlpaca): Promise<VenueFacts> {
  const orders = fake.controls.orders();
  const clientIdOf = new Map(orders.map((o) => [String(o.id), String(o.client_order_id)]));
  const status = (s: string): VenueOrderFacts['status'] =>
    s === 'filled' ? 'filled' : s === 'canceled' || s === 'replaced' ? 'canceled' : s === 'expired' ? 'expired' : s === 'rejected' ? 'rejected' : 'open';
  const res = await fetch(`${fake.baseUrl}/v2/positions`, { headers: { 'APCA-API-KEY-ID': fake.keyId, 'APCA-API-SECRET-KEY': fake.secret } });
  const positions = (await res.json()) as Array<{ symbol: string; qty: string }>;
  const submissions = new Map<string, number>();
  for (const r of fake.controls.requests()) {
    if (r.method !== 'POST' || r.path !== '/v2/orders') continue;
    const id = String((r.body as { client_order_id?: string }).client_order_id);
    submissions.set(id, (submissions.get(id) ?? 0) + 1);
  }
  return {
    orders: orders.map((o) => ({ clientOrderId: String(o.client_order_id), status: status(String(o.status)), filledQty: String(o.filled_qty) })),
    fills: fake.controls.fills().map((f) => ({
      tradeId: String(f.id).split('::')[1]!,
      clientOrderId: clientIdOf.get(String(f.order_id))!,
      qty: String(f.qty),
      price: String(f.price),
    })),
    positions: positions.map((p) => ({ symbol: p.symbol, qty: p.qty })),
    cash: fake.controls.cash().toString(),
    submissions,
  };
}

describe('SIGKILL the engine at each step of an order\'s life, restart: the books equal Alpaca\'s (fake venue, real SDK)', () => {
  let pool: WarmPool;
  beforeAll(() => {
    pool = new WarmPool(ALPACA_ENGINE, 2);
  });
  afterAll(async () => {
    await pool.drain();
  });

  const run = async (scenario: string, i: number, body: (iter: Iteration) => Promise<void>) => {
    const rng = new Rng(seedFor(BASE_SEED, scenario, i));
    const t = tempDir('tw-fault-alpaca-');
    const fake = await startFakeAlpaca({ prices: { [SYMBOL]: PRICE } });
    const iteration = new Iteration(rng, fake, t.dir, pool);
    try {
      await body(iteration);
      iteration.log('checked: the books equal the venue\'s');
    } finally {
      await iteration.close();
      if (process.env.FAULT_VERBOSE) console.info(`${scenario} #${i}: ${iteration.why()}`);
      await fake.close();
      t.cleanup();
    }
  };

  for (const point of FAULT_POINTS) {
    it(`at '${point}' (the Nth time, N random), ${ITERATIONS} times`, async () => {
      for (let i = 0; i < ITERATIONS; i++) {
        await run(point, i, async (iter) => {
          const { rng, fake } = iter;
          const fault: FaultSpec = { point, hit: rng.int(1, HITS[point]) };
          const qA = rng.int(1, 5);
          const qB = rng.int(4, 12);
          const pB = rng.int(1, qB - 1);
          const qC = rng.int(1, qA);
          const steps = stepOrder(rng);
          iter.log(`plan: ${steps.join(' ')}; A buy ${qA} market, B buy ${qB} limit 185 (${pB} then the rest), C sell ${qC} market; kill at ${point} #${fault.hit}`);

          const engine = iter.engine(fault);
          await iter.up(engine);
          let coidB: string | undefined;
          for (const step of steps) {
            if (!engine.alive) break;
            if (step === 'A' || step === 'C') {
              const side = step === 'A' ? 'buy' : 'sell';
              const order = await iter.submit(engine, { symbol: SYMBOL, side, type: 'market', tif: 'day', qty: String(step === 'A' ? qA : qC) });
              if (!order) break;
              await iter.maybeAwaitBooking(engine, (f) => f.clientOrderId === order.clientOrderId, `the fill of ${step}`);
            } else if (step === 'B') {
              coidB = (await iter.submit(engine, { symbol: SYMBOL, side: 'buy', type: 'limit', tif: 'gtc', qty: String(qB), limitPrice: '185' }))?.clientOrderId;
              if (!coidB) break;
            } else {
              const { executionId } = step === 'partB' ? fake.controls.fill(coidB!, pB) : fake.controls.fill(coidB!);
              iter.log(`venue fills ${step === 'partB' ? pB : 'the rest'} of B (${executionId})`);
              await iter.maybeAwaitBooking(engine, (f) => f.tradeId === executionId, `${step} ${executionId}`);
            }
          }
          await iter.expectKilled(engine, fault);
          await iter.tradeWhileDown({ external: rng.chance(0.4) });
          const { books } = await iter.restartAndCheck({ tradeDuringRestart: rng.chance(0.5) });
          if (point === 'after-intent') {
            // The Nth intent was written but never sent: the venue has the N-1 before it, and it is not resent.
            const ours = fake.controls.orders().filter((o) => String(o.client_order_id).startsWith('tw-'));
            expect(ours.length, iter.why()).toBe(fault.hit - 1);
            expect(books.orders.filter((o) => o.clientOrderId.startsWith('tw-')).length, iter.why()).toBe(fault.hit);
          }
        });
      }
    }, 30_000 + ITERATIONS * 8_000);
  }

  // KNOWN BUG in OrderManager (reported, not fixed here): reconcile() reads the open orders
  // once, then awaits the venue for each; syncWithVenue() applies OrderAccepted to that
  // snapshot. A fill report that is booked during the await (stream, the adapter's catch-up,
  // a lookup) is then overwritten: the row goes back to ACCEPTED with 0 filled, an
  // OrderAccepted follows OrderFilled in its events (they no longer fold), and the order stays
  // "working" for ever although the fill, position and cash are booked. It fails every time
  // today, so it is marked `fails`: when the OMS re-reads the order after the await this test
  // turns red; then drop `.fails`.
  it(`at 'after-venue-ack', and the order fills at the venue while the restarted engine is still asking Alpaca about it (a 503 delays the answer); ${ITERATIONS} times`, async () => {
    for (let i = 0; i < ITERATIONS; i++) {
      await run('lookup-race', i, async (iter) => {
        const { rng, fake } = iter;
        const withMarket = rng.chance(0.5);
        const qB = rng.int(2, 12);
        const full = rng.chance(0.6);
        const fault: FaultSpec = { point: 'after-venue-ack', hit: withMarket ? 2 : 1 };
        iter.log(`plan: ${withMarket ? 'market buy 2, ' : ''}limit buy ${qB} @ 185 killed at after-venue-ack; at restart it fills ${full ? 'in full' : 'in part'} while the engine looks it up`);
        const engine = iter.engine(fault);
        await iter.up(engine);
        if (withMarket) {
          const a = await iter.submit(engine, { symbol: SYMBOL, side: 'buy', type: 'market', tif: 'day', qty: '2' });
          expect(await engine.waitFor((m) => isFill(m, (f) => f.clientOrderId === a!.clientOrderId), 'the market fill'), iter.why()).not.toBe(DIED);
        }
        expect(await iter.submit(engine, { symbol: SYMBOL, side: 'buy', type: 'limit', tif: 'gtc', qty: String(qB), limitPrice: '185' }), iter.why()).toBeUndefined();
        await iter.expectKilled(engine, fault);
        const b = fake.controls.orders().find((o) => o.type === 'limit')!;
        const coidB = String(b.client_order_id);

        // The restarted engine's first lookup by client order id gets a 503 (the SDK retries it
        // after a short backoff); the order fills the moment that 503 went out.
        fake.controls.failNext(1, 503, { method: 'GET', path: '/v2/orders:by_client_order_id' });
        let executionId: string | undefined;
        const filled = fake.controls.nextRequest({ method: 'GET', path: '/v2/orders:by_client_order_id' }).then((r) => {
          executionId = (full ? fake.controls.fill(coidB) : fake.controls.fill(coidB, rng.int(1, qB - 1))).executionId;
          iter.log(`the lookup of ${String(r.query.client_order_id)} got ${r.status}; the venue fills ${full ? 'all' : 'part'} of ${coidB} (${executionId})`);
        });
        const again = iter.engine(null);
        iter.log(`restart: reconciled ${JSON.stringify(await iter.up(again))}`);
        await filled;
        expect(await again.waitFor((m) => isFill(m, (f) => f.tradeId === executionId), 'the fill made during the restart'), iter.why()).not.toBe(DIED);
        const settle = await again.call<ReconcileJson>({ cmd: 'settle' });
        const path = join(iter.dir, 'books.json');
        await again.call({ cmd: 'books', path });
        const books = JSON.parse(readFileSync(path, 'utf8')) as Books;
        expect(booksMatchVenue(books, await venueFacts(fake)), `books after restart differ from Alpaca's records\n${iter.why()}\nbooks: ${JSON.stringify(books, null, 1)}`).toEqual([]);
        expect(settle, iter.why()).toMatchObject({ adopted: 0, fillsApplied: 0, closed: 0, positionMismatches: [] });
      });
    }
  }, 30_000 + ITERATIONS * 8_000);

  it(`during a partial fill: the venue fills part, the engine dies, the venue fills the rest while it is down; ${ITERATIONS} times`, async () => {
    for (let i = 0; i < ITERATIONS; i++) {
      await run('partial', i, async (iter) => {
        const { rng, fake } = iter;
        const variant = rng.pick(['fill-before-commit', 'after-fill-commit', 'kill-before-booked', 'kill-after-booked'] as const);
        const withMarket = rng.chance(0.5);
        const earlierPart = rng.chance(0.5);
        const qB = rng.int(5, 12);
        const p0 = earlierPart ? rng.int(1, 2) : 0;
        const p1 = rng.int(1, qB - p0 - 1);
        // The fill hits before the partial that kills: the market buy's, and an earlier part of B's.
        const before = (withMarket ? 1 : 0) + (earlierPart ? 1 : 0);
        const fault: FaultSpec | null = variant === 'fill-before-commit' || variant === 'after-fill-commit' ? { point: variant, hit: before + 1 } : null;
        iter.log(`plan: ${withMarket ? 'market buy 2, ' : ''}limit buy ${qB} @ 185, ${earlierPart ? `part ${p0}, ` : ''}part ${p1} -> ${variant}`);

        const engine = iter.engine(fault);
        await iter.up(engine);
        if (withMarket) {
          const a = await iter.submit(engine, { symbol: SYMBOL, side: 'buy', type: 'market', tif: 'day', qty: '2' });
          expect(await engine.waitFor((m) => isFill(m, (f) => f.clientOrderId === a!.clientOrderId), 'the market fill'), iter.why()).not.toBe(DIED);
        }
        const b = (await iter.submit(engine, { symbol: SYMBOL, side: 'buy', type: 'limit', tif: 'gtc', qty: String(qB), limitPrice: '185' }))!;
        expect(b, iter.why()).toBeDefined();
        if (earlierPart) {
          const { executionId } = fake.controls.fill(b.clientOrderId, p0);
          expect(await engine.waitFor((m) => isFill(m, (f) => f.tradeId === executionId), 'the earlier part'), iter.why()).not.toBe(DIED);
          iter.log(`  booked the earlier part ${p0}`);
        }
        const { executionId } = fake.controls.fill(b.clientOrderId, p1);
        iter.log(`venue fills ${p1} of B (${executionId})`);
        if (variant === 'kill-before-booked') {
          // Timing jitter (not a wait for anything): the kill lands before, during or just after the booking.
          await new Promise((r) => setTimeout(r, rng.int(0, 8)));
          engine.kill();
        } else if (variant === 'kill-after-booked') {
          expect(await engine.waitFor((m) => isFill(m, (f) => f.tradeId === executionId), 'the partial fill'), iter.why()).not.toBe(DIED);
          engine.kill();
        }
        await iter.expectKilled(engine, fault);

        // While down: the rest fills, in one to three executions, or some fills and the rest expires.
        let left = qB - p0 - p1;
        if (rng.chance(0.8)) {
          while (left > 1 && rng.chance(0.5)) {
            const part = rng.int(1, left - 1);
            fake.controls.fill(b.clientOrderId, part);
            left -= part;
          }
          fake.controls.fill(b.clientOrderId);
          iter.log('while down: the rest of B fills');
        } else {
          if (left > 1) fake.controls.fill(b.clientOrderId, rng.int(1, left - 1));
          fake.controls.expire(b.clientOrderId);
          iter.log('while down: some more of B fills, the rest expires');
        }
        const { books } = await iter.restartAndCheck();
        expect(books.orders.find((o) => o.clientOrderId === b.clientOrderId)?.status, iter.why()).toMatch(/^(FILLED|EXPIRED)$/);
      });
    }
  }, 30_000 + ITERATIONS * 8_000);
  // The checks above must be able to fail: the same crashes with recovery broken on purpose
  // (in the child only; the engine is not touched) must be reported.
  it('the checks catch a reconcile that cannot apply missed fills', async () => {
    await run('sabotage-fills', 0, async (iter) => {
      const { fake } = iter;
      const engine = iter.engine(null);
      await iter.up(engine);
      const b = (await iter.submit(engine, { symbol: SYMBOL, side: 'buy', type: 'limit', tif: 'gtc', qty: '10', limitPrice: '185' }))!;
      const { executionId } = fake.controls.fill(b.clientOrderId, 4);
      expect(await engine.waitFor((m) => isFill(m, (f) => f.tradeId === executionId), 'the partial fill')).not.toBe(DIED);
      engine.kill();
      await iter.expectKilled(engine, null);
      const rest = fake.controls.fill(b.clientOrderId).executionId;
      const { problems } = await iter.restart({ sabotage: 'no-reconcile-fills' });
      expect(problems).toEqual(
        expect.arrayContaining([
          `order ${b.clientOrderId}: books say PARTIALLY_FILLED, the venue says filled (expected FILLED)`,
          expect.stringContaining(`venue execution ${rest} (6 @ 185 for ${b.clientOrderId}) is not in the books`),
          'position AAPL: books 4, venue 10',
        ]),
      );
    });
  });

  it('the checks catch an order sent twice', async () => {
    await run('sabotage-resend', 0, async (iter) => {
      const engine = iter.engine({ point: 'after-venue-ack', hit: 1 });
      await iter.up(engine);
      expect(await iter.submit(engine, { symbol: SYMBOL, side: 'buy', type: 'limit', tif: 'gtc', qty: '3', limitPrice: '185' })).toBeUndefined();
      await iter.expectKilled(engine, { point: 'after-venue-ack', hit: 1 });
      const { problems } = await iter.restart({ sabotage: 'resend-on-restart' });
      expect(problems).toEqual([expect.stringMatching(/^client order id tw-\S+ was submitted to the venue 2 times$/)]);
    });
  });
});
