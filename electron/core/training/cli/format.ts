/** Readable (non-JSON) output of the two commands. */
import type { Metrics } from '../../../../shared/contract/portfolio';
import type { OptimizationReport } from '../optimizer';
import type { ParamSet } from '../paramSpace';
import type { BacktestReport } from '../report';

function num(x: number | null | undefined, digits = 2): string {
  if (x === null || x === undefined) return 'n/a';
  return x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

function pct(x: number | null | undefined): string {
  return x === null || x === undefined ? 'n/a' : `${(x * 100).toFixed(2)}%`;
}

function signed(x: number): string {
  return `${x >= 0 ? '+' : ''}${num(x)}`;
}

export function paramsText(p: Readonly<ParamSet> | null | undefined): string {
  if (!p) return 'n/a';
  return Object.entries(p)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(' ');
}

export function metricsLines(m: Metrics): string[] {
  return [
    `  return ${pct(m.totalReturn)}   sharpe ${num(m.sharpe)}   sortino ${num(m.sortino)}   calmar ${num(m.calmar)}   max drawdown ${pct(m.maxDrawdown)}`,
    `  trades ${m.tradeCount}   win rate ${pct(m.winRate)}   profit factor ${num(m.profitFactor)}   avg win ${num(m.avgWin)}   avg loss ${num(m.avgLoss)}   exposure ${pct(m.exposure)}`,
  ];
}

export function backtestText(title: string, r: BacktestReport, maxTrades: number): string {
  const lines = [
    title,
    `  ${r.bars.toLocaleString('en-US')} bars, ${r.from_time ?? '-'} to ${r.to_time ?? '-'}`,
    `  final equity ${num(r.final_equity)} (${signed(r.net_profit)} on ${num(r.initial_cash)}), fees ${num(r.fees)}, ${r.fills} fills`,
    ...metricsLines(r.metrics),
    `  ${num(r.elapsed_ms, 1)} ms (${num(r.bars_per_s / 1e6, 1)}M bars/s)${r.pruned ? `, pruned at bar ${r.pruned.bar}` : ''}`,
  ];
  if (r.trade_list.length) {
    lines.push('', `  ${'side'.padEnd(5)} ${'qty'.padStart(8)}  ${'entry time'.padEnd(24)} ${'entry'.padStart(10)}  ${'exit time'.padEnd(24)} ${'exit'.padStart(10)} ${'P&L'.padStart(12)}`);
    for (const t of r.trade_list.slice(0, maxTrades)) {
      lines.push(`  ${t.side.padEnd(5)} ${num(t.qty, 4).padStart(8)}  ${t.entry_time.padEnd(24)} ${num(t.entry_price, 4).padStart(10)}  ${t.exit_time.padEnd(24)} ${num(t.exit_price, 4).padStart(10)} ${signed(t.pnl).padStart(12)}`);
    }
    if (r.trade_list.length > maxTrades) lines.push(`  ... ${r.trade_list.length - maxTrades} more (--json for all)`);
  }
  return `${lines.join('\n')}\n`;
}

export function optimizeText(r: OptimizationReport): string {
  const t = r.trials;
  const lines = [
    `${r.strategy}: ${r.method} search for ${r.objective}, seed ${r.seed}, run ${r.run_id}${r.status === 'cancelled' ? ' (CANCELLED: resume with --resume)' : ''}`,
    `  ${t.finished} trials (${t.ok} scored, ${t.undefined} without objective, ${t.pruned} pruned, ${t.error} errors, ${t.invalid} invalid; ${t.reused} taken from the store) in ${num(r.elapsed_ms / 1000, 1)} s, ${num(r.trials_per_s, 1)} trials/s`,
    `  bars: ${r.bars.in_sample} in sample${r.bars.holdout ? `, ${r.bars.holdout} held out` : ''}`,
  ];
  if (r.best) {
    lines.push('', `best: ${paramsText(r.best.params)}  ->  ${r.objective} ${num(r.best.objective, 4)}`, `  final equity ${num(r.best.report.final_equity)} (${signed(r.best.report.net_profit)})`, ...metricsLines(r.best.report.metrics));
  }
  if (r.leaderboard.length) {
    lines.push('', 'leaderboard:');
    for (const row of r.leaderboard) {
      lines.push(`  ${String(row.rank).padStart(3)}. ${(row.objective === null ? `(${row.status}: ${row.reason ?? ''})` : num(row.objective, 4)).padEnd(12)} ${paramsText(row.params)}   trades ${row.trades ?? 'n/a'}, net ${row.net_profit === null ? 'n/a' : signed(row.net_profit)}`);
    }
  }
  if (r.holdout) lines.push('', `holdout: in sample ${num(r.holdout.in_sample, 4)}, out of sample ${r.holdout.out_of_sample === null ? `n/a (${r.holdout.out_of_sample_reason})` : num(r.holdout.out_of_sample, 4)}`);
  if (r.walk_forward) {
    lines.push('', `walk-forward (${r.walk_forward.mode}): in-sample mean ${num(r.walk_forward.in_sample_mean, 4)}, out-of-sample mean ${num(r.walk_forward.out_of_sample_mean, 4)}, efficiency ${num(r.walk_forward.efficiency, 2)}`);
    for (const f of r.walk_forward.folds) {
      lines.push(`  fold ${f.fold + 1}: train ${f.train.from_time.slice(0, 10)}..${f.train.to_time.slice(0, 10)}, test ${f.test.from_time.slice(0, 10)}..${f.test.to_time.slice(0, 10)}: ${paramsText(f.best_params)} IS ${num(f.in_sample, 4)} OOS ${f.out_of_sample === null ? `n/a (${f.out_of_sample_reason})` : num(f.out_of_sample, 4)}`);
    }
  }
  if (r.sensitivity && 'skipped' in r.sensitivity) lines.push('', `sensitivity: skipped (${r.sensitivity.skipped})`);
  else if (r.sensitivity) {
    const s = r.sensitivity;
    lines.push('', `sensitivity of ${r.objective} (${s.y ? `rows ${s.y.param}, ` : ''}columns ${s.x.param}):`);
    lines.push(`  ${''.padStart(8)} ${s.x.values.map((v) => String(v).padStart(9)).join(' ')}`);
    s.objective.forEach((row, yi) => lines.push(`  ${String(s.y ? s.y.values[yi] : '').padStart(8)} ${row.map((v) => (v === null ? '-' : num(v, 3)).padStart(9)).join(' ')}`));
    for (const p of s.profiles) lines.push(`  ${p.param}: ${p.values.map((v, k) => `${String(v)} ${p.objective[k] === null ? '-' : num(p.objective[k], 3)}`).join(' | ')}`);
  }
  if (r.monte_carlo) {
    const m = r.monte_carlo;
    lines.push('', `Monte Carlo (${m.runs} resamples of ${m.trades} trades): final equity p5 ${num(m.final_equity.p5)} p50 ${num(m.final_equity.p50)} p95 ${num(m.final_equity.p95)}; max drawdown p50 ${pct(m.max_drawdown.p50)} p95 ${pct(m.max_drawdown.p95)}; P(loss) ${pct(m.loss_probability)}`);
  }
  if (r.errors.length) lines.push('', 'errors:', ...r.errors.map((e) => `  ${paramsText(e.params)}: ${e.reason}`));
  if (r.warnings.length) lines.push('', 'WARNINGS:', ...r.warnings.map((w) => `  - ${w}`));
  return `${lines.join('\n')}\n`;
}
