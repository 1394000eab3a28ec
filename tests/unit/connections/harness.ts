import { ConnectionRepo } from '../../../electron/core/connections/connectionRepo';
import { ConnectionService, type ConnectionServiceOptions } from '../../../electron/core/connections/connectionService';
import { catalogOf, type ExchangeEntry } from '../../../electron/core/connections/exchangeCatalog';
import { createLogger, Redactor, type Logger } from '../../../electron/core/log/logger';
import { VaultError, type SecretVault, type VaultChoice } from '../../../electron/core/secrets/vault';
import { openDatabase, type Db } from '../../../electron/core/store/database';
import { AuditRepo } from '../../../electron/core/store/repos/auditRepo';
import { join } from 'node:path';
import type { VenueFactory } from '../../../electron/core/connections/types';

/** A persistent in-memory stand-in for the OS keychain (the real one is tested in tests/integration/secrets). */
export class InMemoryKeychain implements SecretVault {
  readonly kind = 'keychain' as const;
  readonly persistent = true;
  readonly entries = new Map<string, string>();
  failWrites = false;

  async set(account: string, secret: string): Promise<void> {
    if (this.failWrites) throw new VaultError('Could not save the key to the OS keychain: the keychain is locked');
    this.entries.set(account, secret);
  }
  async get(account: string): Promise<string | null> {
    return this.entries.get(account) ?? null;
  }
  async delete(account: string): Promise<boolean> {
    return this.entries.delete(account);
  }
  async list(): Promise<string[]> {
    return [...this.entries.keys()];
  }
}

const entry = (id: string, name: string, requiresPassphrase: boolean, hasSandbox: boolean, unsupported: string[] = []): [string, ExchangeEntry] => [
  id,
  { id, name, requiresPassphrase, hasSandbox, unsupportedCredentials: unsupported },
];

/** A small fixed exchange list (the real ccxt list is tested separately). */
export const testCatalog = catalogOf(
  new Map([
    entry('binance', 'Binance', false, true),
    entry('okx', 'OKX', true, true),
    entry('bitstamp', 'Bitstamp', false, false),
    entry('hyperliquid', 'Hyperliquid', false, true, ['privateKey', 'walletAddress']),
  ]),
);

export interface Harness {
  db: Db;
  log: Logger;
  lines: string[];
  redactor: Redactor;
  audit: AuditRepo;
  vault: SecretVault;
  service: ConnectionService;
  changes: () => number;
  /** A new service on the same database and vault: the app restarting. */
  restart: (vault?: VaultChoice) => Promise<ConnectionService>;
}

export async function serviceHarness(
  dir: string,
  factory: VenueFactory,
  opts: { vault?: SecretVault; over?: Partial<ConnectionServiceOptions> } = {},
): Promise<Harness> {
  const db = openDatabase(join(dir, 'ws.db'));
  const lines: string[] = [];
  const redactor = new Redactor();
  const log = createLogger({ redactor, sink: (level, message, fields) => lines.push(JSON.stringify({ level, message, fields })) });
  const audit = new AuditRepo(db);
  const vault = opts.vault ?? new InMemoryKeychain();
  let changes = 0;
  const build = async (choice: VaultChoice) => {
    const s = new ConnectionService({
      repo: new ConnectionRepo(db),
      vault: choice,
      venueFactory: factory,
      audit,
      redactor,
      log,
      catalog: async () => testCatalog,
      ...opts.over,
    });
    s.onChange(() => changes++);
    await s.load();
    return s;
  };
  const service = await build({ vault, reason: null });
  return { db, log, lines, redactor, audit, vault, service, changes: () => changes, restart: (v) => build(v ?? { vault, reason: null }) };
}
