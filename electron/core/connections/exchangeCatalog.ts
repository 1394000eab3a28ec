import type { ExchangeInfo } from '../../../shared/contract';

/** Credentials the add-connection form can take: key, secret and an optional passphrase. */
const FORM_CREDENTIALS = new Set(['apiKey', 'secret', 'password']);

const CREDENTIAL_WORDS: Record<string, string> = {
  uid: 'a user id',
  login: 'a login',
  accountId: 'an account id',
  privateKey: 'a wallet private key',
  walletAddress: 'a wallet address',
  token: 'a session token',
  twofa: 'a two-factor secret',
};

export interface ExchangeEntry extends ExchangeInfo {
  /** Credentials ccxt requires that the form cannot take (wallet keys, uids): such exchanges are not offered. */
  unsupportedCredentials: string[];
}

export interface ExchangeCatalog {
  /** The exchanges the form offers, sorted by name. */
  offered(): ExchangeInfo[];
  get(id: string): ExchangeEntry | undefined;
  /** Close ids, for "did you mean". */
  suggest(id: string): string[];
  describeUnsupported(entry: ExchangeEntry): string;
}

type ExchangeShape = {
  name?: unknown;
  requiredCredentials?: Record<string, unknown>;
  urls?: { test?: unknown };
};

/**
 * The exchanges ccxt supports, read once from ccxt itself. ccxt is imported lazily: it is
 * large and only needed when the user opens the add-connection form or adds an exchange.
 */
export async function loadCcxtCatalog(): Promise<ExchangeCatalog> {
  const ccxt = await import('ccxt');
  const lib = (ccxt.default ?? ccxt) as unknown as { exchanges: string[] } & Record<string, unknown>;
  const entries = new Map<string, ExchangeEntry>();
  for (const id of lib.exchanges) {
    const Ctor = lib[id];
    if (typeof Ctor !== 'function') continue;
    const ex = new (Ctor as new () => ExchangeShape)();
    const required = ex.requiredCredentials ?? {};
    entries.set(id, {
      id,
      name: typeof ex.name === 'string' ? ex.name : id,
      requiresPassphrase: required.password === true,
      hasSandbox: Boolean(ex.urls?.test),
      unsupportedCredentials: Object.keys(required).filter((k) => required[k] === true && !FORM_CREDENTIALS.has(k)),
    });
  }
  return catalogOf(entries);
}

export function catalogOf(entries: ReadonlyMap<string, ExchangeEntry>): ExchangeCatalog {
  const offered = [...entries.values()]
    .filter((e) => e.unsupportedCredentials.length === 0)
    .map(({ id, name, requiresPassphrase, hasSandbox }) => ({ id, name, requiresPassphrase, hasSandbox }))
    .sort((a, b) => a.name.localeCompare(b.name));
  return {
    offered: () => offered.map((e) => ({ ...e })),
    get: (id) => entries.get(id),
    suggest: (id) => suggestIds(id, [...entries.keys()]),
    describeUnsupported: (entry) => entry.unsupportedCredentials.map((c) => CREDENTIAL_WORDS[c] ?? c).join(' and '),
  };
}

function suggestIds(wanted: string, ids: string[]): string[] {
  const w = wanted.toLowerCase();
  const scored = ids
    .map((id) => ({ id, d: id.startsWith(w) || w.startsWith(id) ? 1 : editDistance(w, id) }))
    .filter((s) => s.d <= 2)
    .sort((a, b) => a.d - b.d || a.id.localeCompare(b.id));
  return scored.slice(0, 3).map((s) => s.id);
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length]!;
}
