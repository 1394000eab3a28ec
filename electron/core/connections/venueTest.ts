import type { ConnectionTest, ErrorCode } from '../../../shared/contract';
import { ApiError } from '../api/errors';
import { VenueError, type VenueConnection } from '../brokers/port';
import { dec } from '../domain/decimal';
import { withTimeout } from '../secrets/timeout';
import type { VenueFactory, VenueSpec } from './types';

export type VenueTestOutcome = { ok: true; test: ConnectionTest } | { ok: false; test: ConnectionTest; code: ErrorCode };

export interface VenueTestOptions {
  factory: VenueFactory;
  timeoutMs: number;
  now: () => number;
  /** The venue as the user knows it: "Alpaca (paper)", "binance (sandbox)". */
  label: string;
  /** The venue's bare name ("alpaca", "binance"): adapter messages that already name it are not prefixed again. */
  venueName: string;
  /** Makes any text safe to show: removes every registered secret. */
  redact: (text: string) => string;
  onUnexpected: (err: unknown) => void;
}

/**
 * Connects with the given credentials, asks the venue for the account and its buying power,
 * and disconnects. Never throws: the outcome carries the venue's answer in plain words with
 * every secret removed, and the error code the caller should answer with.
 */
export async function testVenue(spec: VenueSpec, opts: VenueTestOptions): Promise<VenueTestOutcome> {
  let conn: VenueConnection | undefined;
  const work = (async () => {
    conn = await opts.factory(spec);
    await conn.connect();
    return conn.accountInfo();
  })();
  try {
    const seconds = Math.max(1, Math.round(opts.timeoutMs / 1000));
    const info = await withTimeout(work, opts.timeoutMs, () => new TestTimeout(`${opts.label} did not answer within ${seconds} s`));
    const buyingPower = dec(String(info.buyingPower));
    const account = opts.redact(info.venueAccountId);
    return {
      ok: true,
      test: {
        ok: true,
        at: opts.now(),
        message: `Connected: account ${account}, buying power ${formatMoney(buyingPower.toFixed(2))} ${info.currency}`,
        venueAccountId: account,
        buyingPower: buyingPower.toFixed(),
        currency: info.currency,
      },
    };
  } catch (err) {
    const { code, message } = explain(err, opts.label, opts.venueName);
    if (code === 'UNAVAILABLE' && !(err instanceof VenueError) && !(err instanceof ApiError) && !(err instanceof TestTimeout)) {
      opts.onUnexpected(err);
    }
    const test = { ok: false, at: opts.now(), message: plainWords(message, opts.redact), venueAccountId: null, buyingPower: null, currency: null };
    return { ok: false, code, test };
  } finally {
    // After a timeout the attempt may still be connecting: close it whenever it gets there.
    void work.then(
      () => closeQuietly(conn),
      () => closeQuietly(conn),
    );
  }
}

class TestTimeout extends Error {}

function closeQuietly(conn: VenueConnection | undefined): void {
  if (!conn) return;
  try {
    conn.close().catch(() => {});
  } catch {
    // Closing a half-built connection must not turn a test result into a crash.
  }
}

function explain(err: unknown, label: string, venueName: string): { code: ErrorCode; message: string } {
  if (err instanceof ApiError) return { code: err.code, message: err.message };
  if (err instanceof TestTimeout) return { code: 'UNAVAILABLE', message: err.message };
  if (err instanceof VenueError) {
    // Adapters already speak in sentences that name the venue ("Alpaca refused access ..."): keep them whole.
    const said = err.message;
    const named = said.toLowerCase().includes(venueName.toLowerCase());
    switch (err.kind) {
      case 'fatal':
        return { code: 'REJECTED', message: named ? said : `${label} refused these credentials: ${said}` };
      case 'rate_limited':
        return { code: 'UNAVAILABLE', message: named ? said : `${label} is limiting requests right now; try again in a minute (${said})` };
      case 'transient':
        return { code: 'UNAVAILABLE', message: named ? said : `Could not reach ${label}: ${said}` };
      case 'invalid_order':
        return { code: 'REJECTED', message: named ? said : `${label} said no: ${said}` };
    }
  }
  const text = err instanceof Error ? err.message : String(err);
  return { code: 'UNAVAILABLE', message: `Testing the connection to ${label} failed: ${text}` };
}

const MAX_MESSAGE = 300;

/**
 * Venue errors can carry request URLs (with signed query strings) and echo what was sent.
 * Secrets are removed first, then query strings, then the text is cut to a readable length.
 */
export function plainWords(message: string, redact: (text: string) => string): string {
  const text = redact(message)
    .replace(/(https?:\/\/[^\s?#"']+)[?#][^\s"']*/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE - 1)}…` : text;
}

/** "25000.5" -> "25,000.50" */
export function formatMoney(fixed: string): string {
  const [whole = '0', frac] = fixed.split('.');
  const sign = whole.startsWith('-') ? '-' : '';
  const digits = sign ? whole.slice(1) : whole;
  return `${sign}${digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${frac !== undefined ? `.${frac}` : ''}`;
}
