// The engine child's end of the conversation: read commands, answer, report events, and
// kill itself at the fault point it was told. Only child entry points import this file.
import { writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { decStr } from '../../../electron/core/domain/decimal';
import { foldOrder } from '../../../electron/core/domain/order';
import type { FaultPoint, ReconcileResult } from '../../../electron/core/oms/orderManager';
import type { AccountRepo } from '../../../electron/core/store/repos/accountRepo';
import type { FillRepo } from '../../../electron/core/store/repos/fillRepo';
import type { OrderRepo } from '../../../electron/core/store/repos/orderRepo';
import type { Books, ChildMessage, Command, FaultRecord, FaultSpec, ReconcileJson } from './protocol';

export function send(msg: ChildMessage): void {
  process.stdout.write(`${JSON.stringify(msg)}\n`);
}

/**
 * The OMS's faultPoint hook: counts every point reached and, on the Nth time the chosen
 * one is reached, records it to `faultFile` (a synchronous write, so it is on disk) and
 * SIGKILLs this process: no exit handlers, no flushing, no closing the database.
 */
export function faultHook(fault: FaultSpec | null | undefined, faultFile: string | undefined) {
  const hits: Record<string, number> = {};
  const hook = (name: FaultPoint) => {
    const n = (hits[name] ?? 0) + 1;
    hits[name] = n;
    if (fault && name === fault.point && n === fault.hit) {
      const record: FaultRecord = { point: name, hit: n, at: Date.now() };
      if (faultFile) writeFileSync(faultFile, JSON.stringify(record));
      process.kill(process.pid, 'SIGKILL');
    }
  };
  return { hook, hits };
}

const stdinLines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();

/**
 * Waits for the parent's go and its configuration: a child is spawned ahead of time (loading the engine takes
 * most of its start-up) and opens the database only when told, so a warm child can wait
 * while the previous engine on the same file is still being killed.
 */
export async function waitForStart<T>(): Promise<T> {
  const first = await stdinLines.next();
  if (first.done) process.exit(0);
  const c = JSON.parse(first.value) as { cmd: string; config?: T };
  if (c.cmd !== 'start' || !c.config) throw new Error(`expected the start command with a config, got ${first.value}`);
  return c.config;
}

/**
 * Runs commands one at a time, in order. Returns after `reopen` (the engine is closed and
 * the process waits for the next start); closes the engine and exits when stdin ends.
 */
export async function serveCommands(handle: (c: Command) => Promise<unknown>, onEnd: () => Promise<void>): Promise<'reopen'> {
  for (;;) {
    const next = await stdinLines.next();
    if (next.done) break;
    if (!next.value.trim()) continue;
    const c = JSON.parse(next.value) as Command;
    if (c.cmd === 'reopen') {
      await onEnd();
      send({ type: 'reply', id: c.id, ok: true, value: null });
      return 'reopen';
    }
    try {
      const value = await handle(c);
      send({ type: 'reply', id: c.id, ok: true, value: value ?? null });
    } catch (err) {
      const code = typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : undefined;
      send({ type: 'reply', id: c.id, ok: false, error: err instanceof Error ? err.message : String(err), code });
    }
  }
  await onEnd();
  process.exit(0);
}

export function reconcileJson(r: ReconcileResult): ReconcileJson {
  return { ...r, positionMismatches: r.positionMismatches.map((m) => ({ ...m })) };
}

/** The books of one account as the engine reads them from its database. */
export function readBooks(
  repos: { orders: OrderRepo; fills: FillRepo; accounts: AccountRepo },
  accountId: string,
  hits: Record<string, number>,
): Books {
  const account = repos.accounts.get(accountId);
  if (!account) throw new Error(`no account ${accountId} in the books`);
  const orders = repos.orders.list({ scope: 'all', accountId, limit: 1_000_000 }).map((o) => {
    const records = repos.orders.eventRecords(o.id);
    let fold: Books['orders'][number]['fold'];
    try {
      const f = foldOrder(records);
      fold = { status: f.status, filledQty: decStr(f.filledQty) };
    } catch (err) {
      fold = { error: err instanceof Error ? err.message : String(err) };
    }
    return {
      id: o.id,
      clientOrderId: o.clientOrderId,
      venueOrderId: o.venueOrderId,
      owner: o.owner,
      symbol: o.symbol,
      side: o.side,
      type: o.type,
      status: o.status,
      qty: decStr(o.qty),
      filledQty: decStr(o.filledQty),
      reason: o.reason,
      fold,
      eventTypes: records.map((r) => r.data.type),
    };
  });
  const mine = new Set(orders.map((o) => o.id));
  const fills = repos.fills
    .list({ limit: 1_000_000 })
    .filter((f) => mine.has(f.orderId))
    .map((f) => ({
      orderId: f.orderId,
      clientOrderId: f.clientOrderId,
      venueTradeId: f.venueTradeId,
      symbol: f.symbol,
      side: f.side,
      qty: f.qty,
      price: f.price,
      fee: f.fee,
    }));
  const positions = repos.accounts
    .positions(accountId)
    .filter((p) => !p.qty.isZero())
    .map((p) => ({ symbol: p.symbol, qty: decStr(p.qty), avgPrice: decStr(p.avgPrice) }));
  return { accountId, cash: decStr(account.cash), orders, fills, positions, hits: { ...hits } };
}
