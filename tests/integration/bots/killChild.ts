// A bots engine that dies: started as `node --import tsx killChild.ts '<json>'` by kill.test.ts.
// It opens the engine on the given folder, creates and starts a bot on the first run, steps
// the sample market minute by minute, and SIGKILLs itself the `hit`-th time the OMS reaches
// `point` (no exit handlers, no closing of the database: a crash).
import type { BotDetail } from '../../../shared/contract';
import type { FaultPoint } from '../../../electron/core/oms/orderManager';
import { createWorkstation } from '../../../electron/core/workstation';
import { FIXTURE_URL } from './fixtures/strategies';

interface Args {
  dataDir: string;
  point: FaultPoint;
  hit: number;
  minutes: number;
  bot: Record<string, unknown>;
}

const args = JSON.parse(process.argv[2]!) as Args;
let hits = 0;
const ws = await createWorkstation({
  dataDir: args.dataDir,
  paused: true,
  historyDays: 0,
  log: () => {},
  orderRate: { perSecond: 1e6, burst: 1e6 },
  equityObserveMs: 60_000,
  bots: { strategyModules: [FIXTURE_URL], workers: 1, heartbeatMs: 60_000, evalTimeoutMs: 10_000 },
  faultPoint: (name) => {
    if (name === args.point && ++hits === args.hit) process.kill(process.pid, 'SIGKILL');
  },
});
const r = await ws.invoke('bots.create', args.bot, { caller: 'kill-test' });
if (!r.ok) throw new Error(r.error.message);
const botId = (r.value as BotDetail).config.id;
await ws.invoke('bots.start', { botId }, { caller: 'kill-test' });
process.stdout.write(`${JSON.stringify({ botId })}\n`);
for (let i = 0; i < args.minutes; i++) {
  ws.feed.step(60_000);
  await ws.bots.idle();
}
// Not killed: that is a failure of the test set-up, said by the exit code.
process.exit(3);
