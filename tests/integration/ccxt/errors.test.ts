import {
  AccountSuspended,
  AuthenticationError,
  BadRequest,
  BadSymbol,
  DDoSProtection,
  ExchangeError,
  ExchangeNotAvailable,
  InsufficientFunds,
  InvalidNonce,
  InvalidOrder,
  NetworkError,
  OnMaintenance,
  OrderNotFound,
  PermissionDenied,
  RateLimitExceeded,
  RequestTimeout,
} from 'ccxt';
import { describe, expect, it } from 'vitest';
import { toVenueError, type CcxtOperation } from '../../../electron/core/brokers/ccxt/errors';
import { VenueError } from '../../../electron/core/brokers/port';

const cases: Array<[string, Error, CcxtOperation, VenueError['kind']]> = [
  ['InsufficientFunds', new InsufficientFunds('binance Account has insufficient balance for requested action.'), 'submit', 'invalid_order'],
  ['InvalidOrder', new InvalidOrder('binance {"code":-2010,"msg":"Duplicate order sent."}'), 'submit', 'invalid_order'],
  ['OrderNotFound on submit', new OrderNotFound('binance {"code":-2013,"msg":"Order does not exist."}'), 'submit', 'invalid_order'],
  ['OrderNotFound on cancel', new OrderNotFound('binance {"code":-2011,"msg":"Unknown order sent."}'), 'cancel', 'invalid_order'],
  ['BadSymbol', new BadSymbol('binance {"code":-1121,"msg":"Invalid symbol."}'), 'submit', 'invalid_order'],
  ['BadRequest (filter failure) on submit', new BadRequest('binance {"code":-1013,"msg":"Filter failure: NOTIONAL"}'), 'submit', 'invalid_order'],
  ['RateLimitExceeded', new RateLimitExceeded('binance {"code":-1003,"msg":"Too many requests"}'), 'read', 'rate_limited'],
  ['DDoSProtection (429/418)', new DDoSProtection('binance 429 Too Many Requests {"code":-1003,"msg":"Too many requests"}'), 'submit', 'rate_limited'],
  ['NetworkError', new NetworkError('binance POST http://x/api/v3/order fetch failed: other side closed'), 'submit', 'transient'],
  ['RequestTimeout', new RequestTimeout('binance GET http://x request timed out (10000 ms)'), 'read', 'transient'],
  ['ExchangeNotAvailable', new ExchangeNotAvailable('binance 503 Service Unavailable'), 'read', 'transient'],
  ['OnMaintenance', new OnMaintenance('binance system maintenance'), 'submit', 'transient'],
  ['InvalidNonce on a read (retry after re-sync)', new InvalidNonce('binance {"code":-1021,"msg":"Timestamp for this request is outside of the recvWindow."}'), 'read', 'transient'],
  ['InvalidNonce on a submit (refused before processing)', new InvalidNonce('binance {"code":-1021,"msg":"Timestamp for this request is outside of the recvWindow."}'), 'submit', 'invalid_order'],
  ['AuthenticationError', new AuthenticationError('binance {"code":-2015,"msg":"Invalid API-key, IP, or permissions for action."}'), 'read', 'fatal'],
  ['PermissionDenied', new PermissionDenied('binance Rest API trading is not enabled.'), 'submit', 'fatal'],
  ['AccountSuspended', new AccountSuspended('binance This action is disabled on this account.'), 'cancel', 'fatal'],
  ['an unmapped ExchangeError on submit (outcome unknown: look it up)', new ExchangeError('binance {"code":-9999,"msg":"?"}'), 'submit', 'transient'],
];

describe('ccxt exceptions -> VenueError kinds', () => {
  it.each(cases)('%s', (_name, err, op, kind) => {
    const mapped = toVenueError(err, op, 'binance', 1500);
    expect(mapped).toBeInstanceOf(VenueError);
    expect(mapped.kind).toBe(kind);
    expect(mapped.retryAfterMs).toBe(kind === 'rate_limited' ? 1500 : undefined);
  });

  it("keeps the exchange's words and code, after a plain explanation", () => {
    const mapped = toVenueError(new InvalidOrder('binance {"code":-2010,"msg":"Duplicate order sent."}'), 'submit', 'binance');
    expect(mapped.message).toBe('an open order with this client order id already exists (binance said "Duplicate order sent.", code -2010)');
    const unknown = toVenueError(new InvalidOrder('binance {"code":-1013,"msg":"Something new."}'), 'submit', 'binance');
    expect(unknown.message).toBe('binance said "Something new.", code -1013');
  });
});
