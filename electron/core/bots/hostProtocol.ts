/** Messages between the bot runtimes (main thread) and a strategy worker. Structured-clone data only. */
import type { ParamValues } from '../strategies/api';
import type { EvalItem, EvalResult, WireBar } from './evaluator';

export type HostRequest =
  | { kind: 'open'; session: string; strategyId: string; params: ParamValues; symbols: string[] }
  | { kind: 'warm'; session: string; symbol: string; bars: WireBar[] }
  | { kind: 'eval'; session: string; items: EvalItem[] }
  | { kind: 'close'; session: string }
  | { kind: 'ping' };

export type HostReply =
  | { id: number; ok: true; results?: EvalResult[] }
  | { id: number; ok: false; fault: 'strategy' | 'internal'; message: string; symbol: string | null };

export interface WorkerInit {
  /** Extra strategy modules (URLs) the worker loads besides the built-ins. */
  modules: string[];
}
