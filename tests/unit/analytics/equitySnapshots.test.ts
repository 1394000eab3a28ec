import fc from 'fast-check';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EquityRecorder, SNAPSHOT_MINUTE_MS, snapshotIsDue } from '../../../electron/core/analytics/equitySnapshots';
import { Decimal } from '../../../electron/core/domain/decimal';
import { openDatabase, schemaVersion, type Db } from '../../../electron/core/store/database';
import { migrations } from '../../../electron/core/store/migrations';
import { m0005_equity_snapshots } from '../../../electron/core/store/migrations/0005_equity_snapshots';
import { tempDir } from '../../support/tempDir';
import { MINUTE, T0 } from './fixtures';

const d = (x: string | number) => new Decimal(x);

describe('equity snapshots', () => {
  let t: ReturnType<typeof tempDir>;
  let db: Db;
  beforeEach(() => {
    t = tempDir('tw-analytics-');
    db = openDatabase(join(t.dir, 'ws.db'));
  });
  afterEach(() => {
    db.close();
    t.cleanup();
  });

  it('keeps the first point of each market minute and nothing else', () => {
    const rec = new EquityRecorder(db);
    const at = (s: number) => T0 + s * 1000;
    expect(rec.maybeRecord('a', at(0), d('100'), d('100'))).toBe(true);
    expect(rec.maybeRecord('a', at(30), d('101'), d('100'))).toBe(false); // same minute
    expect(rec.maybeRecord('a', at(59.999), d('102'), d('100'))).toBe(false); // still the same minute
    expect(rec.maybeRecord('a', at(60), d('103'), d('100'))).toBe(true); // minute 1
    expect(rec.maybeRecord('a', at(61), d('104'), d('100'))).toBe(false);
    expect(rec.maybeRecord('a', at(179), d('105.5'), d('99.25'))).toBe(true); // minute 2 (a minute with no call is just absent)
    expect(rec.maybeRecord('a', at(100), d('1'), d('1'))).toBe(false); // the clock went back: history is not rewritten
    expect(rec.maybeRecord('b', at(30), d('7'), d('7'))).toBe(true); // accounts are apart
    expect(rec.series('a')).toEqual({ t: [at(0), at(60), at(179)], equity: ['100', '103', '105.5'], cash: ['100', '100', '99.25'] });
    expect(rec.series('a', at(60), at(179))).toEqual({ t: [at(60)], equity: ['103'], cash: ['100'] });
    // The same points as floats, for the curve and the metrics.
    expect(rec.curve('a')).toEqual({ t: [at(0), at(60), at(179)], v: [100, 103, 105.5] });
    expect(rec.curve('a', at(1))).toEqual({ t: [at(60), at(179)], v: [103, 105.5] });
    expect(rec.pointAtOrBefore('a', at(178))).toEqual({ t: at(60), equity: '103' });
    expect(rec.pointAtOrBefore('a', at(-1))).toBeUndefined();
  });

  it('remembers the last minute across a restart', () => {
    new EquityRecorder(db).maybeRecord('a', T0 + 10_000, d('1'), d('1'));
    const again = new EquityRecorder(db);
    expect(again.maybeRecord('a', T0 + 50_000, d('2'), d('2'))).toBe(false);
    expect(again.maybeRecord('a', T0 + MINUTE, d('3'), d('3'))).toBe(true);
  });

  it('a day of recomputes every 7 seconds is 1,440 rows (so a year is at most 525,600)', () => {
    const rec = new EquityRecorder(db);
    let written = 0;
    db.transaction(() => {
      for (let s = 0; s < 86_400; s += 7) if (rec.maybeRecord('a', T0 + s * 1000, d(s), d(s))) written++;
    })();
    expect(written).toBe(1440);
    expect(db.prepare('SELECT count(*) FROM equity_snapshots').pluck().get()).toBe(1440);
  });

  it('never stores two points in one minute, whatever the call times (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 10 * MINUTE }), { maxLength: 200 }), (offsets) => {
        db.exec('DELETE FROM equity_snapshots');
        const rec = new EquityRecorder(db);
        for (const o of offsets) rec.maybeRecord('p', T0 + o, d(1), d(1));
        const minutes = rec.series('p').t.map((x) => Math.floor(x / SNAPSHOT_MINUTE_MS));
        for (let i = 1; i < minutes.length; i++) expect(minutes[i]!).toBeGreaterThan(minutes[i - 1]!);
        // Every minute a call landed in after the first call is represented, unless the clock went back to it.
        let last = -1;
        let expected = 0;
        for (const o of offsets) {
          const minute = Math.floor((T0 + o) / SNAPSHOT_MINUTE_MS);
          if (minute > last) {
            expected++;
            last = minute;
          }
        }
        expect(minutes.length).toBe(expected);
      }),
      { numRuns: 100 },
    );
  });

  it('refuses a time that is not a whole epoch-ms and a value that is not finite', () => {
    const rec = new EquityRecorder(db);
    expect(snapshotIsDue(undefined, Number.NaN)).toBe(false);
    expect(snapshotIsDue(undefined, 1.5)).toBe(false);
    expect(rec.maybeRecord('a', T0, d(Number.NaN), d(1))).toBe(false);
    expect(rec.series('a').t).toEqual([]);
  });
});

describe('migration 0005', () => {
  let t: ReturnType<typeof tempDir>;
  beforeEach(() => (t = tempDir('tw-analytics-mig-')));
  afterEach(() => t.cleanup());

  it('upgrades a database of the previous version and keeps its data', () => {
    const path = join(t.dir, 'ws.db');
    const before = migrations.filter((m) => m.version < m0005_equity_snapshots.version);
    const old = openDatabase(path, before);
    old.prepare("INSERT INTO settings (key, value) VALUES ('k', 'v')").run();
    old.close();
    const db = openDatabase(path, [...before, m0005_equity_snapshots]);
    expect(schemaVersion(db)).toBe(5);
    expect(db.prepare('SELECT value FROM settings').get()).toEqual({ value: 'v' });
    db.prepare("INSERT INTO equity_snapshots (account_id, t, equity, cash) VALUES ('a', 1, '1', '1')").run();
    expect(() => db.prepare("INSERT INTO equity_snapshots (account_id, t, equity, cash) VALUES ('a', 1, '2', '2')").run()).toThrow(/UNIQUE|PRIMARY/);
    db.close();
  });

  it('is registered, after every earlier version', () => {
    const i = migrations.indexOf(m0005_equity_snapshots);
    expect(i).toBeGreaterThan(-1);
    expect(migrations.slice(0, i).every((m) => m.version < m0005_equity_snapshots.version)).toBe(true);
  });
});
