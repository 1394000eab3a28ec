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
