/**
 * Binance's error replies: an HTTP status and a body `{"code": <negative int>, "msg": "..."}`.
 * Codes and messages are the ones Binance documents for spot (errors.md), because ccxt
 * maps replies to exception classes by code and, for some, by the exact message.
 */
export class BinanceError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    readonly msg: string,
  ) {
    super(msg);
  }

  body(): { code: number; msg: string } {
    return { code: this.code, msg: this.msg };
  }
}

export const binanceErrors = {
  mandatoryParam: (name: string) => new BinanceError(400, -1102, `Mandatory parameter '${name}' was not sent, was empty/null, or malformed.`),
  illegalChars: (name: string) => new BinanceError(400, -1100, `Illegal characters found in parameter '${name}'; legal range is '^[a-zA-Z0-9-_]{1,36}$'.`),
  invalidSymbol: () => new BinanceError(400, -1121, 'Invalid symbol.'),
  invalidOrderType: () => new BinanceError(400, -1116, 'Invalid orderType.'),
  invalidSide: () => new BinanceError(400, -1117, 'Invalid side.'),
  invalidTimeInForce: () => new BinanceError(400, -1115, 'Invalid timeInForce.'),
  paramNotRequired: (name: string) => new BinanceError(400, -1106, `Parameter '${name}' sent when not required.`),
  precisionOverMax: () => new BinanceError(400, -1111, 'Precision is over the maximum defined for this asset.'),
  invalidQuantity: () => new BinanceError(400, -1013, 'Invalid quantity.'),
  invalidPrice: () => new BinanceError(400, -1013, 'Invalid price.'),
  filterFailure: (filter: 'PRICE_FILTER' | 'LOT_SIZE' | 'NOTIONAL' | 'MARKET_LOT_SIZE') => new BinanceError(400, -1013, `Filter failure: ${filter}`),
  duplicateOrder: () => new BinanceError(400, -2010, 'Duplicate order sent.'),
  insufficientBalance: () => new BinanceError(400, -2010, 'Account has insufficient balance for requested action.'),
  orderDoesNotExist: () => new BinanceError(400, -2013, 'Order does not exist.'),
  unknownOrderSent: () => new BinanceError(400, -2011, 'Unknown order sent.'),
  apiKeyFormat: () => new BinanceError(401, -2014, 'API-key format invalid.'),
  invalidApiKey: () => new BinanceError(401, -2015, 'Invalid API-key, IP, or permissions for action.'),
  badSignature: () => new BinanceError(400, -1022, 'Signature for this request is not valid.'),
  outsideRecvWindow: () => new BinanceError(400, -1021, 'Timestamp for this request is outside of the recvWindow.'),
  aheadOfServer: () => new BinanceError(400, -1021, "Timestamp for this request was 1000ms ahead of the server's time."),
  recvWindowTooLarge: () => new BinanceError(400, -1131, 'recvWindow must be less than 60000'),
  tooManyRequests: () => new BinanceError(429, -1003, 'Too many requests; current limit is 6000 request weight per 1 MINUTE. Please use the websocket for live updates to avoid polling the API.'),
  banned: (until: number) => new BinanceError(418, -1003, `Way too much request weight used; IP banned until ${until}. Please use the websocket for live updates to avoid bans.`),
  internal: () => new BinanceError(500, -1001, 'Internal error; unable to process your request. Please try again.'),
  unknownError: () => new BinanceError(503, -1000, 'An unknown error occurred while processing the request.'),
} as const;

/** The body Binance sends for a given HTTP status when a test injects a failure without giving one. */
export function defaultFailure(status: number): BinanceError {
  if (status === 429) return binanceErrors.tooManyRequests();
  if (status === 418) return binanceErrors.banned(Date.now() + 120_000);
  if (status === 401) return binanceErrors.invalidApiKey();
  if (status === 503) return binanceErrors.unknownError();
  if (status >= 500) return binanceErrors.internal();
  return new BinanceError(status, -1000, 'An unknown error occurred while processing the request.');
}
