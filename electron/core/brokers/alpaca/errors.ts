import { ApiError, FetchError } from '@alpacahq/alpaca-trade-api';
import { VenueError } from '../port';
import { WireError } from './wire';

/** What we were doing when the call failed: the same HTTP status means different things. */
export type AlpacaOperation = 'read' | 'submit' | 'cancel' | 'replace';

/** Alpaca's code for "forbidden for this order" (buying power, shorting, day-trading protection). */
const ORDER_FORBIDDEN_CODE = '40310000';
const ORDER_FORBIDDEN_WORDS = /buying power|insufficient|day ?trad|short|not allowed|not permitted|qty available/i;

const DEFAULT_RATE_LIMIT_BACKOFF_MS = 1_000;

/**
 * Translates whatever the SDK threw into the few kinds the OMS acts on. The message is
 * for the trader: Alpaca's own words where it gave any, with what it means for them.
 */
export function toVenueError(err: unknown, op: AlpacaOperation): VenueError {
  if (err instanceof VenueError) return err;
  if (err instanceof ApiError) return fromApiError(err, op);
  if (err instanceof FetchError) return fromFetchError(err);
  if (err instanceof WireError) {
    // After a submit this means "we do not know whether Alpaca has the order": the OMS
    // must look it up, never resend, which is what transient tells it.
    return new VenueError('transient', err.message);
  }
  const message = err instanceof Error ? err.message : String(err);
  return new VenueError('fatal', `Unexpected failure talking to Alpaca: ${message}`);
}

function fromApiError(err: ApiError, op: AlpacaOperation): VenueError {
  const said = alpacaWords(err);
  const status = err.status;
  if (status === 429) {
    const wait = err.retryAfterMs ?? DEFAULT_RATE_LIMIT_BACKOFF_MS;
    return new VenueError('rate_limited', `Alpaca asks us to slow down (too many requests); try again in ${Math.ceil(wait / 1000)} s`, wait);
  }
  if (status === 401) {
    return new VenueError('fatal', `Alpaca did not accept the API keys (${said}): check the key id and secret in the connection settings`);
  }
  if (status === 403) {
    if (op !== 'read' && isOrderForbidden(err)) return new VenueError('invalid_order', said);
    return new VenueError(
      'fatal',
      `Alpaca refused access (${said}): the API keys are wrong, revoked, or belong to the other environment (paper vs live)`,
    );
  }
  if (status === 400 || status === 422) return new VenueError('invalid_order', explainInvalid(said, op));
  // A missing order on a lookup is answered as null by the caller before it gets here.
  if (status === 404) return new VenueError('invalid_order', `Alpaca has no such ${op === 'read' ? 'record' : 'order'} (${said})`);
  if (status === 408 || status === 425 || status >= 500) {
    return new VenueError('transient', `Alpaca is having trouble (HTTP ${status}: ${said}); safe reads are retried`);
  }
  return new VenueError('fatal', `Alpaca answered HTTP ${status}: ${said}`);
}

function fromFetchError(err: FetchError): VenueError {
  const cause = err.cause as { name?: unknown; message?: unknown } | undefined;
  const name = typeof cause?.name === 'string' ? cause.name : '';
  if (name === 'TimeoutError') return new VenueError('transient', `Alpaca did not answer in time (${String(cause?.message ?? 'timeout')})`);
  if (name === 'AbortError') return new VenueError('transient', 'The request to Alpaca was aborted before an answer arrived');
  const detail = typeof cause?.message === 'string' ? cause.message : err.message;
  return new VenueError('transient', `Could not reach Alpaca: ${detail}`);
}

function isOrderForbidden(err: ApiError): boolean {
  return String(err.code ?? '') === ORDER_FORBIDDEN_CODE || ORDER_FORBIDDEN_WORDS.test(err.message);
}

function explainInvalid(said: string, op: AlpacaOperation): string {
  if (/client_order_id must be unique/i.test(said)) {
    return `this client order id was already used at Alpaca (ids are never reused, even for cancelled orders): ${said}`;
  }
  if (op === 'cancel' && /not cancelable|already|filled|canceled/i.test(said)) return `the order can no longer be cancelled: ${said}`;
  return said;
}

/** Alpaca's message, trimmed of the envelope noise ("forbidden." stays as it is). */
function alpacaWords(err: ApiError): string {
  const message = err.message?.trim();
  return message ? message : `HTTP ${err.status}`;
}
