// `npm run bench`: one JSON object per line on stdout, {"name", "value", "unit"}.
// Figures, not timed tests: nothing here passes or fails on speed.
import { benchAnalytics } from './analytics';
import { benchBars } from './bars';
import { benchBots } from './bots';
import { benchChart } from './chart';
import type { Figure } from './figures';
import { benchMarketData } from './marketdata';
import { benchOms } from './oms';
import { benchOrders } from './orders';
import { benchRisk } from './risk';
import { benchTraining } from './training';

const suites: Array<[string, () => Promise<Figure[]>]> = [
  ['orders', () => benchOrders()],
  ['bars', () => benchBars()],
  ['analytics', () => benchAnalytics()],
  ['training', () => benchTraining()],
  ['oms', () => benchOms()],
  ['bots', () => benchBots()],
  ['chart', () => benchChart()],
  ['marketdata', () => benchMarketData()],
  ['risk', () => benchRisk()],
];

const only = process.argv.slice(2);
for (const [name, run] of suites) {
  if (only.length && !only.includes(name)) continue;
  for (const figure of await run()) process.stdout.write(`${JSON.stringify(figure)}\n`);
}
