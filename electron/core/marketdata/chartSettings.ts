/**
 * The chart's saved layouts (by key, "main" by default) and named indicator presets, in
 * SQLite (migration 0007) as JSON checked against the contract's schemas on the way in
 * and again on the way out: a row written by an older build that no longer parses is
 * treated as absent rather than handed to the renderer.
 */
import type Database from 'better-sqlite3';
import { ChartLayout, IndicatorPreset } from '../../../shared/contract/marketdata';
import type { Db } from '../store/database';

export class ChartSettings {
  private readonly getLayout: Database.Statement;
  private readonly putLayout: Database.Statement;
  private readonly listPresets: Database.Statement;
  private readonly putPreset: Database.Statement;
  private readonly deletePreset: Database.Statement;

  constructor(
    db: Db,
    private readonly now: () => number = Date.now,
  ) {
    this.getLayout = db.prepare(`SELECT layout FROM chart_layouts WHERE key = ?`).pluck(true);
    this.putLayout = db.prepare(
      `INSERT INTO chart_layouts (key, layout, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET layout = excluded.layout, updated_at = excluded.updated_at`,
    );
    this.listPresets = db.prepare(`SELECT name, indicators FROM indicator_presets ORDER BY name COLLATE NOCASE`);
    this.putPreset = db.prepare(
      `INSERT INTO indicator_presets (name, indicators, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET indicators = excluded.indicators, updated_at = excluded.updated_at`,
    );
    this.deletePreset = db.prepare(`DELETE FROM indicator_presets WHERE name = ?`);
  }

  layout(key: string): ChartLayout | null {
    const text = this.getLayout.get(key) as string | undefined;
    if (text === undefined) return null;
    const parsed = ChartLayout.safeParse(safeJson(text));
    return parsed.success ? parsed.data : null;
  }

  saveLayout(key: string, layout: ChartLayout): ChartLayout {
    const checked = ChartLayout.parse(layout);
    this.putLayout.run(key, JSON.stringify(checked), this.now());
    return checked;
  }

  presets(): IndicatorPreset[] {
    const out: IndicatorPreset[] = [];
    for (const row of this.listPresets.all() as Array<{ name: string; indicators: string }>) {
      const parsed = IndicatorPreset.safeParse({ name: row.name, indicators: safeJson(row.indicators) });
      if (parsed.success) out.push(parsed.data);
    }
    return out;
  }

  savePreset(preset: IndicatorPreset): IndicatorPreset {
    const checked = IndicatorPreset.parse(preset);
    this.putPreset.run(checked.name, JSON.stringify(checked.indicators), this.now());
    return checked;
  }

  /** True when a preset of that name existed. */
  removePreset(name: string): boolean {
    return this.deletePreset.run(name).changes > 0;
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
