// The test's end: spawns an engine child (`node --import tsx <script>`, measured at about
// 0.4 s to a loaded engine; `npx tsx` adds a second npm process and is slower), talks to
// it over stdin/stdout, and races every wait against the child's death.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ChildMessage, Command, ReconcileJson } from './protocol';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export const ALPACA_ENGINE = fileURLToPath(new URL('./alpacaEngine.ts', import.meta.url));
export const PAPER_ENGINE = fileURLToPath(new URL('./paperEngine.ts', import.meta.url));

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** Returned instead of a message when the child died first. */
export const DIED = Symbol('died');

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
export type CommandBody = DistributiveOmit<Command, 'id'>;
type Reply = Extract<ChildMessage, { type: 'reply' }>;

export class EngineChild {
  readonly messages: ChildMessage[] = [];
  exit: Exit | null = null;
  readonly exited: Promise<Exit>;
  private stderr = '';
  private nextId = 1;
  private waiters: Array<() => void> = [];

  private constructor(private readonly proc: ChildProcessWithoutNullStreams) {
    let buffer = '';
    proc.stdout.setEncoding('utf8');
    proc.stdout.on('data', (chunk: string) => {
      buffer += chunk;
      for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n')) {
        const line = buffer.slice(0, nl).trim();
        buffer = buffer.slice(nl + 1);
        if (!line) continue;
        try {
          this.messages.push(JSON.parse(line) as ChildMessage);
        } catch {
          this.stderr += `[stdout, not JSON] ${line}\n`;
        }
        this.wake();
      }
    });
    proc.stderr.setEncoding('utf8');
    proc.stderr.on('data', (chunk: string) => {
      // Keep the tail only: enough to explain a failure.
      this.stderr = (this.stderr + chunk).slice(-8_000);
    });
    // Writing to a child that was just killed fails with EPIPE; its death is reported by 'exit'.
    proc.stdin.on('error', () => {});
    this.exited = new Promise((resolve) => {
      proc.on('exit', (code, signal) => {
        this.exit = { code, signal };
        this.wake();
        resolve(this.exit);
      });
    });
  }

  /** Starts loading the engine; it waits for start() before it touches the database or the venue. */
  static spawn(script: string): EngineChild {
    const proc = spawn(process.execPath, ['--import', 'tsx', script], {
      cwd: REPO_ROOT,
      env: { ...process.env, NODE_OPTIONS: '' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    return new EngineChild(proc);
  }

  get pid(): number | undefined {
    return this.proc.pid;
  }

  get alive(): boolean {
    return this.exit === null;
  }

  /** What the child wrote on stderr (its tail), for failure messages. */
  errors(): string {
    return this.stderr;
  }

  /** The first message (already received or still to come) that passes, or DIED if the child exits first. */
  waitFor<T extends ChildMessage>(test: (m: ChildMessage) => m is T, what: string, timeoutMs?: number): Promise<T | typeof DIED>;
  waitFor(test: (m: ChildMessage) => boolean, what: string, timeoutMs?: number): Promise<ChildMessage | typeof DIED>;
  waitFor(test: (m: ChildMessage) => boolean, what: string, timeoutMs = 20_000): Promise<ChildMessage | typeof DIED> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const found = this.messages.find(test);
        if (found) resolve(found);
        else if (this.exit) resolve(DIED);
        else return false;
        return true;
      };
      if (check()) return;
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what} from the engine child (pid ${this.pid}); stderr:\n${this.stderr}`));
      }, timeoutMs);
      const waiter = () => {
        if (!check()) return;
        clearTimeout(timer);
        this.waiters = this.waiters.filter((w) => w !== waiter);
      };
      this.waiters.push(waiter);
    });
  }

  /** Tells a spawned child to open its engine with this configuration. */
  start(config: unknown): this {
    if (this.alive) this.proc.stdin.write(`${JSON.stringify({ cmd: 'start', config })}\n`);
    return this;
  }

  /** Resolves when the engine is up (connected and reconciled), or DIED. */
  async ready(timeoutMs = 30_000): Promise<{ reconcile: ReconcileJson | null } | typeof DIED> {
    return this.waitFor((m): m is Extract<ChildMessage, { type: 'ready' }> => m.type === 'ready', 'ready', timeoutMs);
  }

  /** Sends a command; resolves with its reply, or DIED when the child dies before answering. */
  async request(body: CommandBody, timeoutMs = 20_000): Promise<Reply | typeof DIED> {
    if (!this.alive) return DIED;
    const id = this.nextId++;
    this.proc.stdin.write(`${JSON.stringify({ ...body, id })}\n`);
    return this.waitFor((m): m is Reply => m.type === 'reply' && m.id === id, `the reply to ${body.cmd}`, timeoutMs);
  }

  /** Like request, for commands that must succeed in a live child. */
  async call<T>(body: CommandBody, timeoutMs = 20_000): Promise<T> {
    const r = await this.request(body, timeoutMs);
    if (r === DIED) throw new Error(`the engine child died during ${body.cmd} (${JSON.stringify(this.exit)}); stderr:\n${this.stderr}`);
    if (!r.ok) throw new Error(`${body.cmd} failed in the engine child: ${r.error}`);
    return r.value as T;
  }

  /** Waits for the child to exit, failing after the deadline. */
  async waitExit(timeoutMs = 20_000): Promise<Exit> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`the engine child (pid ${this.pid}) did not exit within ${timeoutMs} ms; stderr:\n${this.stderr}`)), timeoutMs);
    });
    try {
      return await Promise.race([this.exited, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Asks the child to close its engine and exit (it does once stdin ends). */
  async shutdown(timeoutMs = 10_000): Promise<Exit> {
    if (this.alive) this.proc.stdin.end();
    return this.waitExit(timeoutMs);
  }

  /**
   * Closes this child's engine and makes it a warm child again (loading the engine is most
   * of a start-up). Only for a child whose engine ended normally; false if it could not.
   */
  async recycle(): Promise<boolean> {
    const r = await this.request({ cmd: 'reopen' }).catch((): typeof DIED => DIED);
    if (r === DIED || !r.ok) return false;
    this.messages.length = 0;
    return true;
  }

  /** SIGKILL from outside, as the OS or a user would. */
  kill(): void {
    if (this.alive) this.proc.kill('SIGKILL');
  }

  private wake(): void {
    // A copy: a waiter that is satisfied removes itself from the list.
    for (const w of this.waiters.slice()) w();
  }
}

/**
 * Children spawned ahead of need: loading the engine is most of a child's start-up, so
 * while one engine runs (or is being killed) the next ones are already loaded and idle,
 * waiting for start(). Idle children exit when drained (their stdin closes).
 */
export class WarmPool {
  private readonly idle: EngineChild[] = [];

  constructor(
    private readonly script: string,
    private readonly size = 2,
  ) {
    for (let i = 0; i < size; i++) this.idle.push(EngineChild.spawn(script));
  }

  take(): EngineChild {
    // Dead idle children (an import failed) are dropped; start() on them would only report DIED.
    while (this.idle.length && !this.idle[0]!.alive) this.idle.shift();
    const child = this.idle.shift() ?? EngineChild.spawn(this.script);
    while (this.idle.length < this.size) this.idle.push(EngineChild.spawn(this.script));
    return child;
  }

  /** Takes back a recycled child (see EngineChild.recycle); it is used first. */
  give(child: EngineChild): void {
    this.idle.unshift(child);
  }

  async drain(): Promise<void> {
    const idle = this.idle.splice(0);
    await Promise.all(idle.map((c) => c.shutdown().catch(() => c.kill())));
  }
}
