import {
  AccountNotEnabled,
  AccountSuspended,
  ArgumentsRequired,
  AuthenticationError,
  BadRequest,
  BadResponse,
  BadSymbol,
  BaseError,
  DDoSProtection,
  ExchangeNotAvailable,
  InsufficientFunds,
  InvalidNonce,
  InvalidOrder,
  MarketClosed,
  NetworkError,
  NotSupported,
  OperationFailed,
  OperationRejected,
  OrderNotFound,
  PermissionDenied,
  RateLimitExceeded,
  RequestTimeout,
} from 'ccxt';
import { VenueError } from '../port';

/**
 * What the failed call was. The same ccxt exception means different things depending on it:
 * OrderNotFound on a cancel is "nothing to cancel" (tell the user), on a lookup it is an
 * answer (null), and any unclear failure of a submit must lead to a lookup, never a resend.
 */
export type CcxtOperation = 'submit' | 'cancel' | 'read';

/**
 * Translates whatever ccxt threw into the port's four kinds. Subclasses are tested before
 * their parents: in ccxt, RateLimitExceeded, DDoSProtection and InvalidNonce are
 * NetworkErrors, OrderNotFound is an InvalidOrder, PermissionDenied is an AuthenticationError.
 */
export function toVenueError(err: unknown, op: CcxtOperation, exchangeId: string, retryAfterMs?: number): VenueError {
  if (err instanceof VenueError) return err;
  const reason = plainReason(err, exchangeId);

  if (err instanceof RateLimitExceeded || err instanceof DDoSProtection) {
    return new VenueError('rate_limited', `${exchangeId} asks us to slow down: ${reason}`, retryAfterMs);
  }
  if (err instanceof InvalidNonce) {
    // The exchange refused the request before looking at it (clock skew / nonce): nothing happened.
    return op === 'read' ? new VenueError('transient', reason) : new VenueError('invalid_order', `not accepted: ${reason}`);
  }
  if (err instanceof RequestTimeout || err instanceof ExchangeNotAvailable || err instanceof NetworkError) {
    // No usable answer: for a submit the outcome is unknown and the OMS looks the order up.
    return new VenueError('transient', `no usable answer from ${exchangeId}: ${stripExchangeId(err.message, exchangeId)}`);
  }
  if (err instanceof AccountSuspended || err instanceof AccountNotEnabled || err instanceof PermissionDenied || err instanceof AuthenticationError) {
    return new VenueError('fatal', `${exchangeId} refused the credentials: ${reason}`);
  }
  if (err instanceof OrderNotFound) {
    return new VenueError(op === 'read' ? 'transient' : 'invalid_order', reason);
  }
  if (err instanceof InsufficientFunds || err instanceof InvalidOrder || err instanceof BadSymbol || err instanceof MarketClosed) {
    return new VenueError('invalid_order', reason);
  }
  if (op !== 'read' && (err instanceof BadRequest || err instanceof OperationRejected)) {
    // The exchange answered "no" to this request (e.g. Binance's -1013 filter failures map to BadRequest).
    return new VenueError('invalid_order', reason);
  }
  if (err instanceof NotSupported || err instanceof ArgumentsRequired) {
    // Our request cannot be expressed for this exchange: on a submit that is a refusal, on a read a defect we cannot retry away.
    return new VenueError(op === 'read' ? 'fatal' : 'invalid_order', reason);
  }
  if (err instanceof OperationFailed || err instanceof BadResponse) {
    return new VenueError('transient', reason);
  }
  // Anything else (an unmapped ExchangeError, a bug): we cannot tell whether it happened, so
  // a submit is looked up by client order id and a read is tried again later.
  return new VenueError('transient', reason);
}

const PLAIN_WORDS: ReadonlyArray<[RegExp, string]> = [
  [/Filter failure: LOT_SIZE/i, 'the quantity is not a multiple of the lot size, or is outside the allowed range'],
  [/Filter failure: MARKET_LOT_SIZE/i, 'the quantity is outside the range allowed for market orders'],
  [/Filter failure: PRICE_FILTER/i, 'the price is not a multiple of the tick size, or is outside the allowed range'],
  [/Filter failure: (MIN_)?NOTIONAL/i, 'the order value (price x quantity) is below the minimum or above the maximum'],
  [/Duplicate order sent/i, 'an open order with this client order id already exists'],
  [/insufficient balance/i, 'the account does not have enough balance for this order'],
  [/Unknown order sent/i, 'there is no such open order (it may have filled or been canceled already)'],
  [/Order does not exist/i, 'there is no such order'],
  [/Invalid API-key, IP, or permissions/i, 'the API key was refused (wrong key, an IP address not on the key\'s list, or a key without trading permission)'],
  [/API-key format invalid/i, 'the API key is missing or malformed'],
  [/Signature for this request is not valid/i, 'the API secret does not match the API key'],
  [/outside of the recvWindow|ahead of the server/i, "this computer's clock differs from the exchange's by more than the allowed window"],
  [/Too many requests|Way too much request weight|IP banned/i, 'too many requests in a short time'],
  [/Invalid symbol/i, 'the exchange does not know this symbol'],
  [/Market is closed/i, 'the market is closed'],
];

/**
 * The exchange's message in words a trader can act on, keeping the original text and code
 * for support. ccxt messages look like `binance {"code":-2010,"msg":"Duplicate order sent."}`
 * or `binance Account has insufficient balance for requested action.`.
 */
export function plainReason(err: unknown, exchangeId: string): string {
  let text = stripExchangeId(err instanceof Error ? err.message : String(err), exchangeId);
  let code: string | undefined;
  const json = /\{.*\}/s.exec(text)?.[0];
  if (json) {
    const parsed = safeParse(json);
    const msg = parsed?.msg ?? parsed?.message;
    if (typeof msg === 'string') {
      text = msg;
      if (typeof parsed?.code === 'number' || typeof parsed?.code === 'string') code = String(parsed.code);
    }
  }
  const plain = PLAIN_WORDS.find(([pattern]) => pattern.test(text))?.[1];
  const source = code ? `${exchangeId} said "${text}", code ${code}` : `${exchangeId} said "${text}"`;
  if (plain) return `${plain} (${source})`;
  return err instanceof BaseError ? source : text;
}

function stripExchangeId(message: string, exchangeId: string): string {
  return message.startsWith(`${exchangeId} `) ? message.slice(exchangeId.length + 1) : message;
}

function safeParse(json: string): Record<string, unknown> | null {
  try {
    const v: unknown = JSON.parse(json);
    return v !== null && typeof v === 'object' ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
