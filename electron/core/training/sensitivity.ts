/**
 * Sensitivity of the objective around the best params: a 2-D heatmap over two params (each
 * at the best value and up to `radius` grid steps either side, the others held at the best),
 * or a 1-D profile when only one numeric param varies. A best point whose neighbours score
 * far worse is "isolated": a spike that is more likely noise than an edge.
 */
import type { Dimension, NumericDimension, ParamSet, ParamValue, SearchSpace } from './paramSpace';

export interface HeatmapAxis {
  readonly param: string;
  readonly values: readonly ParamValue[];
  /** Index of the best value in `values`. */
  readonly bestAt: number;
}

export interface HeatmapPlan {
  readonly x: HeatmapAxis;
  readonly y: HeatmapAxis | null;
}

export interface HeatmapCell {
  readonly xi: number;
  readonly yi: number;
  readonly point: ParamSet;
}

function gridded(d: Dimension): d is NumericDimension & { values: readonly number[] } {
  return d.kind !== 'choice' && d.values !== null && d.values.length > 1;
}

function axis(dim: NumericDimension, best: ParamValue, radius: number): HeatmapAxis {
  const values = dim.values!;
  let at = values.indexOf(best as number);
  if (at < 0) at = 0;
  const from = Math.max(0, at - radius);
  const to = Math.min(values.length, at + radius + 1);
  return { param: dim.name, values: values.slice(from, to), bestAt: at - from };
}

/** One param varied around the best (the others held at the best): the values to try. */
export function profileAxes(space: SearchSpace, best: Readonly<ParamSet>, radius: number): HeatmapAxis[] {
  return space.dims.filter(gridded).map((d) => axis(d, best[d.name]!, radius));
}

/** The axes, or a reason when no heatmap can be made. */
export function planHeatmap(space: SearchSpace, best: Readonly<ParamSet>, radius: number, params?: readonly string[] | null): HeatmapPlan | string {
  if (!Number.isInteger(radius) || radius < 1) return `the heatmap radius must be a whole number >= 1, got ${radius}`;
  let dims: NumericDimension[];
  if (params && params.length > 0) {
    dims = [];
    for (const name of params) {
      const d = space.dims.find((x) => x.name === name);
      if (!d) return `the heatmap param ${name} is not one of the ranges`;
      if (!gridded(d)) return `the heatmap param ${name} needs a numeric range with a step and at least two values`;
      dims.push(d);
    }
  } else {
    dims = space.dims.filter(gridded).slice(0, 2);
  }
  if (dims.length === 0) return 'no numeric range with a step to vary';
  const x = axis(dims[0]!, best[dims[0]!.name]!, radius);
  const y = dims[1] ? axis(dims[1], best[dims[1].name]!, radius) : null;
  return { x, y };
}

export function heatmapCells(plan: HeatmapPlan, best: Readonly<ParamSet>): HeatmapCell[] {
  const cells: HeatmapCell[] = [];
  const ys = plan.y ? plan.y.values : [null];
  ys.forEach((yv, yi) => {
    plan.x.values.forEach((xv, xi) => {
      const point: ParamSet = { ...best, [plan.x.param]: xv };
      if (plan.y && yv !== null) point[plan.y.param] = yv;
      cells.push({ xi, yi, point });
    });
  });
  return cells;
}

function median(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export interface Isolation {
  readonly isolated: boolean;
  readonly neighbourMedian: number | null;
  readonly neighbours: number;
}

/**
 * Isolated when the best is positive and its (up to 8) neighbours' median objective is below
 * `ratio` times it, or when fewer than half of the neighbours have an objective at all.
 */
export function isolation(grid: readonly (readonly (number | null)[])[], bx: number, by: number, ratio = 0.5): Isolation {
  const best = grid[by]?.[bx];
  const values: number[] = [];
  let neighbours = 0;
  for (let dy = -1; dy <= 1; dy++) {
    for (let dx = -1; dx <= 1; dx++) {
      if (dx === 0 && dy === 0) continue;
      const row = grid[by + dy];
      if (!row || bx + dx < 0 || bx + dx >= row.length) continue;
      neighbours++;
      const v = row[bx + dx];
      if (v !== null && v !== undefined) values.push(v);
    }
  }
  const m = median(values);
  if (best === null || best === undefined || neighbours === 0) return { isolated: false, neighbourMedian: m, neighbours };
  const sparse = values.length < neighbours / 2;
  const isolated = best > 0 && (sparse || (m !== null && m < ratio * best));
  return { isolated, neighbourMedian: m, neighbours };
}
