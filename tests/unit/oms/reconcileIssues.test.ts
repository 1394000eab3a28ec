import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Decimal } from '../../../electron/core/domain/decimal';
import { ReconcileIssues } from '../../../electron/core/oms/reconcileIssues';
import { omsHarness } from '../../support/omsHarness';
import { tempDir } from '../../support/tempDir';

const manual = { owner: { kind: 'manual' as const }, actor: 'test' };

describe('reconciliation issues', () => {
  let t: ReturnType<typeof tempDir>;
  let h: ReturnType<typeof omsHarness>;
  let issues: ReconcileIssues;
  let changes = 0;

  beforeEach(async () => {
    t = tempDir();
    h = omsHarness(join(t.dir, 'ws.db'));
    issues = new ReconcileIssues(h.db, {
      oms: h.oms.manager,
      accounts: h.accounts,
      audit: h.audit,
      lastPrice: () => new Decimal(40),
      now: () => 1_000,
      onChange: () => changes++,
    });
    h.prices.tick('ACME', 40);
    const o = await h.oms.submit({ symbol: 'ACME', side: 'buy', type: 'market', tif: 'day', qty: 10 }, manual);
    h.prices.tick('ACME', 40);
    expect(h.orders.get(o.id)!.status).toBe('FILLED');
  });
  afterEach(async () => {
    await h.close();
    t.cleanup();
  });

  /** Our books drift from the venue's (as after a manual trade elsewhere or a lost adjustment). */
  function driftLocalTo(qty: string) {
    const pos = h.accounts.position('paper', 'ACME')!;
    h.accounts.savePosition({ ...pos, qty: new Decimal(qty) });
  }

  it('opens one issue per mismatch, updates it, and closes it when the books match again', async () => {
    driftLocalTo('7');
    issues.record(await h.oms.reconcile());
    issues.record(await h.oms.reconcile());
    let open = issues.list();
    expect(open).toEqual([expect.objectContaining({ kind: 'position_mismatch', symbol: 'ACME', local: '7', venue: '10', status: 'open' })]);
    driftLocalTo('10');
    issues.record(await h.oms.reconcile());
    expect(issues.list()).toEqual([]);
    open = issues.list(true);
    expect(open[0]).toMatchObject({ status: 'resolved', resolution: 'The books match the venue again' });
    expect(changes).toBeGreaterThanOrEqual(2);
  });

  it('adopt sets our position to the venue quantity, keeping the average on the same side', async () => {
    driftLocalTo('4');
    issues.record(await h.oms.reconcile());
    const [issue] = issues.list();
    const done = await issues.resolve(issue!.id, 'adopt', 'test');
    expect(done).toMatchObject({ status: 'resolved', resolution: expect.stringMatching(/Adopted the venue's quantity 10 \(was 4\)/) });
    expect(h.accounts.position('paper', 'ACME')!.qty.toFixed()).toBe('10');
    expect((await h.oms.reconcile()).positionMismatches).toEqual([]);
    await expect(issues.resolve(issue!.id, 'ignore', 'test')).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(h.audit.list({ limit: 5, action: 'reconcile.adopt' })).toHaveLength(1);
  });

  it('flatten sends a market order for the venue position through the OMS', async () => {
    driftLocalTo('0');
    issues.record(await h.oms.reconcile());
    const [issue] = issues.list();
    const done = await issues.resolve(issue!.id, 'flatten', 'test');
    expect(done.resolution).toMatch(/Sent market order .* to flatten 10 ACME/);
    const sell = h.orders.list({ scope: 'all', limit: 5 }).find((o) => o.side === 'sell')!;
    expect(sell).toMatchObject({ type: 'market', symbol: 'ACME' });
    expect(sell.qty.toFixed()).toBe('10');
    h.prices.tick('ACME', 40);
    expect((await h.venue.positions()).find((p) => p.symbol === 'ACME')).toBeUndefined();
  });

  it('ignore leaves the books alone and stops listing the issue', async () => {
    driftLocalTo('9');
    issues.record(await h.oms.reconcile());
    const [issue] = issues.list();
    await issues.resolve(issue!.id, 'ignore', 'test');
    expect(issues.list()).toEqual([]);
    expect(h.accounts.position('paper', 'ACME')!.qty.toFixed()).toBe('9');
    // The same difference is not raised again; a different one is.
    issues.record(await h.oms.reconcile());
    expect(issues.list()).toEqual([]);
    driftLocalTo('8');
    issues.record(await h.oms.reconcile());
    expect(issues.list()).toEqual([expect.objectContaining({ local: '8', venue: '10' })]);
  });
});
