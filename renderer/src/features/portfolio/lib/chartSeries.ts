import type { HistogramData, LineData, UTCTimestamp } from 'lightweight-charts';

/**
 * The equity curve as chart points: epoch ms to whole seconds (the library's unit), one
 * point per second (the last value wins), strictly ascending as the library requires.
 */
export function equityPoints(curve: { t: readonly number[]; equity: readonly number[] }): LineData<UTCTimestamp>[] {
  const bySecond = new Map<number, number>();
  const n = Math.min(curve.t.length, curve.equity.length);
  for (let i = 0; i < n; i++) {
    const t = curve.t[i];
    const v = curve.equity[i];
    if (t === undefined || v === undefined || !Number.isFinite(t) || !Number.isFinite(v)) continue;
    bySecond.set(Math.floor(t / 1000), v);
  }
  return [...bySecond.entries()].sort((a, b) => a[0] - b[0]).map(([time, value]) => ({ time: time as UTCTimestamp, value }));
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Daily returns as percent bars on business days, green up and red down. */
export function dailyReturnBars(
  daily: { day: readonly string[]; ret: readonly number[] },
  colors: { up: string; down: string },
): HistogramData<string>[] {
  const bars: HistogramData<string>[] = [];
  const n = Math.min(daily.day.length, daily.ret.length);
  for (let i = 0; i < n; i++) {
    const day = daily.day[i];
    const ret = daily.ret[i];
    if (!day || !DAY.test(day) || ret === undefined || !Number.isFinite(ret)) continue;
    if (bars.length > 0 && (bars[bars.length - 1]?.time ?? '') >= day) continue;
    bars.push({ time: day, value: ret * 100, color: ret < 0 ? colors.down : colors.up });
  }
  return bars;
}
