import { useId } from 'react';
import { fmtNumber } from '../lib/format';

const W = 520;
const H = 180;
const PAD = { l: 52, r: 10, t: 10, b: 22 };

function extent(xs: readonly number[], padded = true): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const x of xs) {
    if (x < lo) lo = x;
    if (x > hi) hi = x;
  }
  if (!Number.isFinite(lo)) return [0, 1];
  if (lo === hi) return [lo - 1, hi + 1];
  const pad = padded ? (hi - lo) * 0.05 : 0;
  return [lo - pad, hi + pad];
}

function scale([d0, d1]: [number, number], [r0, r1]: [number, number]) {
  return (x: number) => r0 + ((x - d0) / (d1 - d0)) * (r1 - r0);
}

function Axes({ y, x, xLabel }: { y: [number, number]; x: [number, number]; xLabel: string }) {
  const sy = scale(y, [H - PAD.b, PAD.t]);
  const ticks = [y[0], (y[0] + y[1]) / 2, y[1]];
  return (
    <g className="tchart__axes">
      <line x1={PAD.l} x2={PAD.l} y1={PAD.t} y2={H - PAD.b} />
      <line x1={PAD.l} x2={W - PAD.r} y1={H - PAD.b} y2={H - PAD.b} />
      {ticks.map((v, k) => (
        <text key={k} x={PAD.l - 4} y={sy(v) + 3} textAnchor="end">
          {fmtNumber(v, 2)}
        </text>
      ))}
      <text x={PAD.l} y={H - 6}>
        {fmtNumber(x[0], 2)}
      </text>
      <text x={W - PAD.r} y={H - 6} textAnchor="end">
        {fmtNumber(x[1], 2)}
      </text>
      <text x={(PAD.l + W - PAD.r) / 2} y={H - 6} textAnchor="middle">
        {xLabel}
      </text>
    </g>
  );
}

/** A step line (best objective so far by trial, equity by time). */
export function LineChart({ points, label, xLabel, step = false, testId }: { points: readonly { x: number; y: number }[]; label: string; xLabel: string; step?: boolean; testId?: string }) {
  if (points.length === 0) return <div className="tchart tchart--empty">No points yet.</div>;
  const x = extent(points.map((p) => p.x), false);
  const y = extent(points.map((p) => p.y));
  const sx = scale(x, [PAD.l, W - PAD.r]);
  const sy = scale(y, [H - PAD.b, PAD.t]);
  let d = '';
  points.forEach((p, k) => {
    if (k === 0) d += `M${sx(p.x)},${sy(p.y)}`;
    else if (step) d += `H${sx(p.x)}V${sy(p.y)}`;
    else d += `L${sx(p.x)},${sy(p.y)}`;
  });
  if (step && points.length === 1) d += `H${W - PAD.r}`;
  return (
    <svg className="tchart" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={label} data-testid={testId} data-point-count={points.length}>
      <Axes x={x} y={y} xLabel={xLabel} />
      <path d={d} className="tchart__line" />
    </svg>
  );
}

/** One dot per trial: a param's value against the objective (undefined objectives along the bottom, hollow). */
export function ScatterChart({ points, param, label }: { points: readonly { x: number; y: number | null }[]; param: string; label: string }) {
  const defined = points.filter((p) => p.y !== null) as { x: number; y: number }[];
  if (points.length === 0) return <div className="tchart tchart--empty">No trials yet.</div>;
  const x = extent(points.map((p) => p.x));
  const y = extent(defined.length ? defined.map((p) => p.y) : [0, 1]);
  const sx = scale(x, [PAD.l, W - PAD.r]);
  const sy = scale(y, [H - PAD.b, PAD.t]);
  return (
    <svg className="tchart" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={label} data-testid="training-scatter">
      <Axes x={x} y={y} xLabel={param} />
      {points.map((p, k) =>
        p.y === null ? (
          <circle key={k} cx={sx(p.x)} cy={H - PAD.b - 4} r={2.5} className="tchart__dot tchart__dot--undefined" />
        ) : (
          <circle key={k} cx={sx(p.x)} cy={sy(p.y)} r={3} className="tchart__dot" />
        ),
      )}
    </svg>
  );
}

/** Objective over two params around the best (rows y, columns x); the centre is the best. */
export function Heatmap({ x, y, cells }: { x: { param: string; values: readonly (string | number | boolean)[] }; y: { param: string; values: readonly (string | number | boolean)[] } | null; cells: readonly (readonly (number | null)[])[] }) {
  const titleId = useId();
  const all = cells.flat().filter((v): v is number => v !== null);
  const [lo, hi] = all.length ? [Math.min(...all), Math.max(...all)] : [0, 1];
  const colour = (v: number | null) => {
    if (v === null) return 'transparent';
    const f = hi === lo ? 0.5 : (v - lo) / (hi - lo);
    // Red (worse) to green (better), through a dark middle.
    const r = Math.round(239 * (1 - f) + 20 * f);
    const g = Math.round(83 * (1 - f) + 166 * f);
    const b = Math.round(80 * (1 - f) + 154 * f);
    return `rgba(${r}, ${g}, ${b}, ${0.25 + 0.6 * Math.abs(f - 0.5) * 2})`;
  };
  return (
    <div className="heatmap">
      <span id={titleId} className="sr-only">
        Objective by {x.param}
        {y ? ` and ${y.param}` : ''}
      </span>
      <table className="heatmap__table" aria-labelledby={titleId}>
        <thead>
          <tr>
            <th scope="col">{y ? `${y.param} \\ ${x.param}` : x.param}</th>
            {x.values.map((v, k) => (
              <th key={k} scope="col">
                {String(v)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {cells.map((row, i) => (
            <tr key={i}>
              <th scope="row">{y ? String(y.values[i]) : 'objective'}</th>
              {row.map((v, j) => (
                <td key={j} style={{ background: colour(v) }} title={v === null ? 'no objective' : String(v)}>
                  {v === null ? '·' : fmtNumber(v, 2)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
