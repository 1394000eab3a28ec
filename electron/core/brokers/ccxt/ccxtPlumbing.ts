/**
 * Small pieces both ccxt users share (the trading connection and the market data source):
 * pointing an exchange's URL tree at other hosts (tests, proxies), and reading Retry-After.
 */
export type UrlTree = { [key: string]: string | UrlTree };

export type Rec = Record<string, unknown>;

export const rec = (v: unknown): Rec => (v !== null && typeof v === 'object' ? (v as Rec) : {});

/** Overrides leaves of ccxt's `urls.api` tree in place, creating branches that are missing. */
export function mergeUrls(target: Rec, override: UrlTree): void {
  for (const [key, value] of Object.entries(override)) {
    if (typeof value === 'string') target[key] = value;
    else {
      const nested = rec(target[key]);
      target[key] = nested;
      mergeUrls(nested, value);
    }
  }
}

/** Retry-After as milliseconds: seconds, or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(v: unknown): number | undefined {
  if (typeof v !== 'string' || v.trim() === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(v.trim())) return Number(v) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

/**
 * ccxt throws DDoSProtection for 429/418 without the Retry-After header. Wrapping the one
 * method that sees each response lets each error carry it, per request (the instance's
 * last_response_headers would race between concurrent requests). The wait, in ms, is
 * recorded in `retryAfterOf` keyed by the thrown error.
 */
export function captureRetryAfter(ex: import('ccxt').Exchange, retryAfterOf: WeakMap<object, number>): void {
  const original = ex.handleRestResponse.bind(ex);
  ex.handleRestResponse = (response: unknown, url: unknown, method?: string, headers?: unknown, body?: unknown): unknown => {
    const retryAfterMs = parseRetryAfter(rec(ex.getResponseHeaders(response))['Retry-After']);
    const result: unknown = original(response, url, method, headers, body);
    if (retryAfterMs === undefined || !(result instanceof Promise)) return result;
    return result.catch((err: unknown) => {
      if (err !== null && typeof err === 'object') retryAfterOf.set(err, retryAfterMs);
      throw err;
    });
  };
}
