import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ChartSettings } from '../../../electron/core/marketdata/chartSettings';
import { openDatabase, schemaVersion } from '../../../electron/core/store/database';
import { migrations } from '../../../electron/core/store/migrations';
import { tempDir } from '../../support/tempDir';

const upTo7 = () => migrations.slice(0, migrations.findIndex((m) => m.version === 7) + 1);

describe('migration 0007: market data', () => {
  let t: ReturnType<typeof tempDir>;
  beforeEach(() => (t = tempDir()));
  afterEach(() => t.cleanup());

  it('upgrades a database of the previous version, keeping its bars', () => {
    const path = join(t.dir, 'prev.db');
    const before = upTo7().slice(0, -1);
    const old = openDatabase(path, before);
    old.prepare(`INSERT INTO bars (source, symbol, timeframe, t, o, h, l, c, v) VALUES ('sample', 'ACME', '1m', 60, 1, 2, 0.5, 1.5, 10)`).run();
    old.close();
    const db = openDatabase(path, upTo7());
    expect(schemaVersion(db)).toBe(7);
    expect(db.prepare('SELECT count(*) AS n FROM bars').get()).toEqual({ n: 1 });
    const tables = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as Array<{ name: string }>).map((r) => r.name);
    expect(tables).toEqual(expect.arrayContaining(['backfill_jobs', 'backfill_symbols', 'bar_empty_ranges', 'chart_layouts', 'indicator_presets']));
    db.close();
  });

  it('keeps backfill rows consistent: a range must be forward, statuses and phases are a closed set', () => {
    const db = openDatabase(join(t.dir, 'ws.db'), upTo7());
    const job = db.prepare(`INSERT INTO backfill_jobs (id, source, from_ms, to_ms, session, status, created_at, updated_at) VALUES (?, 's', ?, ?, 'regular', ?, 1, 1)`);
    expect(() => job.run('a', 10, 5, 'running')).toThrow(/CHECK/);
    expect(() => job.run('b', 5, 10, 'sleeping')).toThrow(/CHECK/);
    job.run('c', 5, 10, 'running');
    const symbol = db.prepare(`INSERT INTO backfill_symbols (job_id, position, symbol, cursor_ms, phase) VALUES ('c', 0, 'BTC', 5, ?)`);
    expect(() => symbol.run('waiting')).toThrow(/CHECK/);
    symbol.run('fetch');
    db.prepare(`DELETE FROM backfill_jobs WHERE id = 'c'`).run();
    expect(db.prepare('SELECT count(*) AS n FROM backfill_symbols').get()).toEqual({ n: 0 });
    db.close();
  });
});

describe('ChartSettings', () => {
  let t: ReturnType<typeof tempDir>;
  beforeEach(() => (t = tempDir()));
  afterEach(() => t.cleanup());

  it('saves and reads layouts by key and presets by name, and survives a reopen', () => {
    const path = join(t.dir, 'ws.db');
    const db = openDatabase(path);
    const charts = new ChartSettings(db);
    expect(charts.layout('main')).toBeNull();
    const layout = { source: 'sample', symbol: 'ACME', timeframe: '1h' as const, session: 'extended' as const, indicators: [{ type: 'sma' as const, params: { length: 20 } }] };
    expect(charts.saveLayout('main', layout)).toEqual(layout);
    charts.savePreset({ name: 'Trend', indicators: [{ type: 'ema', params: { length: 50 }, color: '#ff0000' }] });
    charts.savePreset({ name: 'alpha', indicators: [] });
    charts.savePreset({ name: 'Trend', indicators: [{ type: 'ema', params: { length: 21 } }] });
    expect(charts.presets().map((p) => p.name)).toEqual(['alpha', 'Trend']);
    expect(charts.removePreset('alpha')).toBe(true);
    expect(charts.removePreset('alpha')).toBe(false);
    db.close();
    const again = new ChartSettings(openDatabase(path));
    expect(again.layout('main')).toEqual(layout);
    expect(again.presets()).toEqual([{ name: 'Trend', indicators: [{ type: 'ema', params: { length: 21 } }] }]);
  });

  it('treats a stored layout that no longer parses as absent', () => {
    const db = openDatabase(join(t.dir, 'ws.db'));
    db.prepare(`INSERT INTO chart_layouts (key, layout, updated_at) VALUES ('main', '{"timeframe": "3m"}', 1)`).run();
    expect(new ChartSettings(db).layout('main')).toBeNull();
    db.close();
  });
});
