import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFn = (level: LogLevel, message: string, fields?: Record<string, unknown>) => void;

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

const SECRET_KEY = /secret|password|passphrase|token|api[-_]?key|authorization/i;

/**
 * Removes anything that looks like a credential before a line is written. Values under
 * secret-sounding keys are replaced; registered secret strings are replaced wherever
 * they appear, including inside messages and stack traces.
 */
export class Redactor {
  private readonly secrets = new Set<string>();

  register(secret: string): void {
    if (secret.length >= 4) this.secrets.add(secret);
  }

  forget(secret: string): void {
    this.secrets.delete(secret);
  }

  text(s: string): string {
    let out = s;
    for (const secret of this.secrets) out = out.split(secret).join('[redacted]');
    return out;
  }

  value(v: unknown, depth = 0): unknown {
    if (typeof v === 'string') return this.text(v);
    if (v instanceof Error) return { name: v.name, message: this.text(v.message), stack: v.stack ? this.text(v.stack) : undefined };
    if (depth > 6 || v === null || typeof v !== 'object') return v;
    if (Array.isArray(v)) return v.map((x) => this.value(x, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = SECRET_KEY.test(k) ? '[redacted]' : this.value(x, depth + 1);
    return out;
  }
}

/** JSON lines in <dir>/workstation.log, everything redacted first. */
export function createLogger(opts: { dir?: string; sink?: LogFn; redactor: Redactor; echo?: boolean }): Logger {
  const file = opts.dir ? join(opts.dir, 'workstation.log') : undefined;
  if (opts.dir) mkdirSync(opts.dir, { recursive: true });
  const write = (level: LogLevel, message: string, fields?: Record<string, unknown>) => {
    const safeMessage = opts.redactor.text(message);
    const safeFields = fields ? (opts.redactor.value(fields) as Record<string, unknown>) : undefined;
    if (opts.sink) opts.sink(level, safeMessage, safeFields);
    if (file) {
      try {
        appendFileSync(file, `${JSON.stringify({ at: new Date().toISOString(), level, message: safeMessage, ...safeFields })}\n`);
      } catch {
        // A full disk must not take the trading engine down with it.
      }
    }
    if (opts.echo && (level === 'warn' || level === 'error')) console.error(`[${level}] ${safeMessage}`);
  };
  return {
    debug: (m, f) => write('debug', m, f),
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
  };
}
