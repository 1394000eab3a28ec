/**
 * A strategy worker thread: hosts the strategy evaluators of several bots and answers one
 * request at a time. A strategy that throws fails only its own request; a strategy that
 * never returns is stopped from outside (the pool terminates this thread).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { resolveParams } from '../strategies/api';
import { StrategyEvaluator, StrategyFault, messageOf } from './evaluator';
import type { HostReply, HostRequest, WorkerInit } from './hostProtocol';
import { loadCatalog } from './strategyCatalog';

const port = parentPort;
if (!port) throw new Error('strategyWorker.ts runs only as a worker thread');

const init = workerData as WorkerInit;
const catalog = loadCatalog(init.modules);
const sessions = new Map<string, StrategyEvaluator>();

async function handle(id: number, req: HostRequest): Promise<HostReply> {
  switch (req.kind) {
    case 'ping':
      return { id, ok: true };
    case 'open': {
      const def = (await catalog).get(req.strategyId);
      if (!def) return { id, ok: false, fault: 'internal', message: `Unknown strategy ${req.strategyId}`, symbol: null };
      sessions.set(req.session, new StrategyEvaluator(def, resolveParams(def, req.params), req.symbols));
      return { id, ok: true };
    }
    case 'close':
      sessions.delete(req.session);
      return { id, ok: true };
    case 'warm':
      session(req.session).warm(req.symbol, req.bars);
      return { id, ok: true };
    case 'eval': {
      const evaluator = session(req.session);
      return { id, ok: true, results: req.items.map((item) => evaluator.evaluate(item)) };
    }
  }
}

function session(id: string): StrategyEvaluator {
  const s = sessions.get(id);
  if (!s) throw new Error(`No strategy session ${id} in this worker`);
  return s;
}

port.on('message', (msg: { id: number; req: HostRequest }) => {
  handle(msg.id, msg.req).then(
    (reply) => port.postMessage(reply),
    (err: unknown) => {
      const reply: HostReply =
        err instanceof StrategyFault
          ? { id: msg.id, ok: false, fault: 'strategy', message: err.message, symbol: err.symbol }
          : { id: msg.id, ok: false, fault: 'internal', message: messageOf(err), symbol: null };
      port.postMessage(reply);
    },
  );
});
