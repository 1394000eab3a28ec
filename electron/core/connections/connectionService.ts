import { randomBytes } from 'node:crypto';
import type { ConnectionInfo, ConnectionTest, ExchangeInfo, ParsedInputOf, VaultStatus } from '../../../shared/contract';
import { ApiError, conflict, notFound } from '../api/errors';
import type { VenueConnection } from '../brokers/port';
import type { Logger, Redactor } from '../log/logger';
import type { VaultChoice, VaultKind } from '../secrets/vault';
import type { AuditRepo } from '../store/repos/auditRepo';
import { ConnectionRepo, DuplicateNameError, toConnectionInfo, type ConnectionRecord } from './connectionRepo';
import { loadCcxtCatalog, type ExchangeCatalog } from './exchangeCatalog';
import { registerCredentials, readCredentials, writeCredentials } from './credentialStore';
import { validateAdd } from './validation';
import { plainWords, testVenue } from './venueTest';
import { vaultAccountOf, VAULT_ACCOUNT_PREFIX, type Credentials, type VenueFactory, type VenueSpec } from './types';

export interface ConnectionServiceOptions {
  repo: ConnectionRepo;
  vault: VaultChoice;
  venueFactory: VenueFactory;
  audit: AuditRepo;
  redactor: Redactor;
  log: Logger;
  now?: () => number;
  /** ccxt's exchange list; replaceable in tests. Default: read from ccxt once, on first use. */
  catalog?: () => Promise<ExchangeCatalog>;
  /** How long a connection test may take before the user is told the venue did not answer (default 20 s). */
  testTimeoutMs?: number;
  newId?: () => string;
}

export type TradingPermission = { allowed: true } | { allowed: false; reason: string };

const STORAGE_WORDS: Record<VaultKind, string> = {
  keychain: 'OS keychain',
  safeStorage: "system's safe storage",
  session: 'memory of this session',
};

/**
 * Broker and exchange accounts: metadata in SQLite, secrets in the vault, and the gates that
 * keep real money safe. A connection is saved only after the venue accepted its credentials;
 * a live account trades only after the user typed its name to confirm. Secrets stay in this
 * process: replies, events, the audit log and the database see the key's last four characters.
 */
export class ConnectionService {
  private readonly credentials = new Map<string, Credentials>();
  private readonly listeners = new Set<() => void>();
  private readonly now: () => number;
  private readonly catalog: () => Promise<ExchangeCatalog>;
  private readonly newId: () => string;

  constructor(private readonly opts: ConnectionServiceOptions) {
    this.now = opts.now ?? Date.now;
    this.newId = opts.newId ?? (() => `conn-${randomBytes(8).toString('hex')}`);
    let cached: Promise<ExchangeCatalog> | undefined;
    const load = opts.catalog ?? loadCcxtCatalog;
    this.catalog = () => {
      cached ??= load().catch((err: unknown) => {
        cached = undefined;
        this.opts.log.error('the ccxt exchange list could not be loaded', { error: err });
        throw new ApiError('UNAVAILABLE', 'The list of exchanges could not be loaded; details are in the log');
      });
      return cached;
    };
  }

  private get vault() {
    return this.opts.vault.vault;
  }

  /** At start: read each connection's secret from the vault; a missing one marks the connection as needing the key again. */
  async load(): Promise<void> {
    const records = this.opts.repo.list();
    for (const record of records) await this.loadSecret(record);
    await this.reportUnknownSecrets(new Set(records.map((r) => r.id)));
  }

  /** Called after every change (the workstation pushes `connections.changed`). */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  list(): ConnectionInfo[] {
    return this.opts.repo.list().map(toConnectionInfo);
  }

  vaultStatus(): VaultStatus {
    return { backend: this.vault.kind, persistent: this.vault.persistent, reason: this.opts.vault.reason };
  }

  async exchanges(): Promise<ExchangeInfo[]> {
    return (await this.catalog()).offered();
  }

  async add(input: ParsedInputOf<'connections.add'>, actor: string): Promise<ConnectionInfo> {
    // Registered before anything else can fail, so no error path can log them.
    registerCredentials(this.opts.redactor, input);
    const subject = { name: input.name, venue: input.venue, exchangeId: input.exchangeId ?? null, mode: input.mode };
    const refuse = (err: ApiError): never => {
      this.audit(actor, 'connections.add', null, 'refused', { ...subject, reason: err.message });
      throw err;
    };

    const checked = await validateAdd(input, this.catalog).catch((err: unknown) => {
      if (err instanceof ApiError) return refuse(err);
      throw err;
    });
    if (this.nameTaken(checked.name)) refuse(this.duplicateName(checked.name));

    const outcome = await testVenue(checked.spec, this.testOptions(checked.spec));
    if (!outcome.ok) refuse(new ApiError(outcome.code, `${sentence(outcome.test.message)} Nothing was saved.`));

    const record: ConnectionRecord = {
      id: this.newId(),
      name: checked.name,
      venue: checked.spec.venue,
      exchangeId: checked.spec.exchangeId,
      mode: checked.spec.mode,
      sandbox: checked.spec.sandbox,
      liveEnabled: false,
      keyLast4: checked.keyLast4,
      storage: this.vault.kind,
      status: 'connected',
      lastTest: outcome.test,
      createdAt: this.now(),
    };
    try {
      this.opts.repo.insert(record, this.now());
    } catch (err) {
      if (err instanceof DuplicateNameError) refuse(this.duplicateName(checked.name));
      throw err;
    }
    try {
      await writeCredentials(this.vault, record.id, checked.spec.credentials);
    } catch (err) {
      // The metadata must not outlive a secret that was never stored.
      this.opts.repo.delete(record.id);
      await this.vault.delete(vaultAccountOf(record.id)).catch(() => false);
      this.opts.log.error('saving a connection secret failed', { id: record.id, error: err });
      const why = err instanceof Error ? plainWords(err.message, (t) => this.opts.redactor.text(t)) : 'unknown error';
      refuse(new ApiError('UNAVAILABLE', `The key could not be stored in the ${STORAGE_WORDS[this.vault.kind]} (${why}). Nothing was saved.`));
    }
    this.credentials.set(record.id, checked.spec.credentials);
    this.audit(actor, 'connections.add', record.id, 'ok', { ...subject, sandbox: record.sandbox, keyLast4: record.keyLast4, storage: record.storage });
    this.opts.log.info('connection added', { id: record.id, venue: record.venue, exchangeId: record.exchangeId, mode: record.mode });
    this.changed();
    return toConnectionInfo(record);
  }

  async test(id: string, actor: string): Promise<ConnectionTest> {
    const record = this.require(id);
    const credentials = this.credentials.get(id) ?? (await this.loadSecret(record));
    if (!credentials) {
      const test = this.require(id).lastTest;
      this.audit(actor, 'connections.test', id, 'error', { reason: test?.message ?? 'key missing' });
      this.changed();
      return test ?? this.problemTest('The key for this connection is missing. Delete the connection and add it again.');
    }
    this.opts.repo.setStatus(id, 'connecting', undefined, this.now());
    this.changed();
    const spec = this.specOf(record, credentials);
    const outcome = await testVenue(spec, this.testOptions(spec));
    this.opts.repo.setStatus(id, outcome.ok ? 'connected' : 'error', outcome.test, this.now());
    this.audit(actor, 'connections.test', id, outcome.ok ? 'ok' : 'error', { message: outcome.test.message });
    this.changed();
    return outcome.test;
  }

  rename(id: string, name: string, actor: string): ConnectionInfo {
    const record = this.require(id);
    if (name !== record.name) {
      try {
        this.opts.repo.rename(id, name, this.now());
      } catch (err) {
        if (!(err instanceof DuplicateNameError)) throw err;
        this.audit(actor, 'connections.rename', id, 'refused', { from: record.name, to: name, reason: 'name taken' });
        throw this.duplicateName(name);
      }
      this.audit(actor, 'connections.rename', id, 'ok', { from: record.name, to: name });
      this.changed();
    }
    return toConnectionInfo(this.require(id));
  }

  async delete(id: string, actor: string): Promise<{ deleted: true }> {
    const record = this.require(id);
    if (record.storage === this.vault.kind) {
      try {
        await this.vault.delete(vaultAccountOf(id));
      } catch (err) {
        const why = err instanceof Error ? err.message : String(err);
        this.audit(actor, 'connections.delete', id, 'error', { name: record.name, reason: why });
        throw new ApiError('UNAVAILABLE', `The key could not be removed from the ${STORAGE_WORDS[this.vault.kind]} (${why}). Nothing was deleted.`);
      }
    } else if (record.storage !== 'session') {
      // The vault that holds the key is not reachable now; deleting the connection must still work.
      this.opts.log.warn('connection deleted while its vault is unavailable: its key may remain there', {
        id,
        storage: record.storage,
        account: vaultAccountOf(id),
      });
    }
    this.opts.repo.delete(id);
    this.credentials.delete(id);
    this.audit(actor, 'connections.delete', id, 'ok', { name: record.name, venue: record.venue, mode: record.mode });
    this.changed();
    return { deleted: true };
  }

  /** The deliberate act: a live account trades only after the user typed its exact name. */
  enableLive(id: string, confirmName: string, actor: string): ConnectionInfo {
    const record = this.require(id);
    const refuse = (err: ApiError): never => {
      this.audit(actor, 'connections.enableLive', id, 'refused', { name: record.name, reason: err.message });
      throw err;
    };
    if (record.mode !== 'live') refuse(conflict(`"${record.name}" is a paper account: it never trades real money, so there is nothing to enable.`));
    if (confirmName !== record.name) {
      const message = `To allow live trading, type the connection name exactly as shown: ${record.name}`;
      refuse(new ApiError('BAD_REQUEST', message, { confirmName: message }));
    }
    if (!this.credentials.has(id)) refuse(conflict(`The key for "${record.name}" is missing: add the connection again before enabling live trading.`));
    if (!record.liveEnabled) {
      this.opts.repo.setLiveEnabled(id, true, this.now());
      this.opts.log.warn('live trading enabled', { id, name: record.name, venue: record.venue, exchangeId: record.exchangeId });
      this.changed();
    }
    this.audit(actor, 'connections.enableLive', id, 'ok', { name: record.name, venue: record.venue, exchangeId: record.exchangeId });
    return toConnectionInfo(this.require(id));
  }

  disableLive(id: string, actor: string): ConnectionInfo {
    const record = this.require(id);
    if (record.liveEnabled) {
      this.opts.repo.setLiveEnabled(id, false, this.now());
      this.opts.log.info('live trading disabled', { id, name: record.name });
      this.changed();
    }
    this.audit(actor, 'connections.disableLive', id, 'ok', { name: record.name });
    return toConnectionInfo(this.require(id));
  }

  /** For the OMS: may this connection send orders now? Paper always; live only once enabled. */
  tradingPermission(id: string): TradingPermission {
    const record = this.opts.repo.get(id);
    if (!record) return { allowed: false, reason: 'There is no connection with that id' };
    if (!this.credentials.has(id)) return { allowed: false, reason: `The key for "${record.name}" is missing` };
    if (record.mode === 'live' && !record.liveEnabled) {
      return { allowed: false, reason: `"${record.name}" is a live account and live trading has not been enabled for it` };
    }
    return { allowed: true };
  }

  /** Builds (does not connect) the venue connection for a saved account; the secrets never leave this process. */
  async openVenue(id: string): Promise<VenueConnection> {
    const record = this.require(id);
    const credentials = this.credentials.get(id);
    if (!credentials) throw conflict(`The key for "${record.name}" is missing: add the connection again`);
    return this.opts.venueFactory(this.specOf(record, credentials));
  }

  /**
   * What market data needs to reach a saved connection's venue (its credentials included),
   * or null when the connection is gone or its key is missing. For the engine only: the
   * spec goes to a market data adapter in this process, never into a reply or an event.
   */
  marketDataSpec(id: string): VenueSpec | null {
    const record = this.opts.repo.get(id);
    const credentials = this.credentials.get(id);
    return record && credentials ? this.specOf(record, credentials) : null;
  }

  private async loadSecret(record: ConnectionRecord): Promise<Credentials | undefined> {
    let problem: string;
    const sessionGone =
      'The key was kept only until the app quit, because no OS keychain was available. Delete this connection and add it again.';
    if (record.storage !== this.vault.kind) {
      problem =
        record.storage === 'session'
          ? sessionGone
          : `The key is kept in the ${STORAGE_WORDS[record.storage]}, which is not available now (${this.opts.vault.reason ?? 'another vault is in use'}). ` +
            'Make it available and restart, or delete this connection and add it again.';
    } else {
      const read = await readCredentials(this.vault, record.id);
      if (read.ok) {
        registerCredentials(this.opts.redactor, read.credentials);
        this.credentials.set(record.id, read.credentials);
        // Nothing is connected after a start; the last test result stays for the user to see.
        if (record.status !== 'untested') this.opts.repo.setStatus(record.id, 'untested', undefined, this.now());
        return read.credentials;
      }
      if (read.missing && record.storage === 'session') problem = sessionGone;
      else if (read.missing) {
        problem = `The key for this connection is no longer in the ${STORAGE_WORDS[record.storage]}. Delete the connection and add it again with your key.`;
      } else problem = `The key could not be read: ${read.reason}. Delete the connection and add it again if this persists.`;
    }
    this.opts.log.warn('connection secret unavailable', { id: record.id, storage: record.storage, problem });
    this.opts.repo.setStatus(record.id, 'error', this.problemTest(problem), this.now());
    return undefined;
  }

  /**
   * Keychain entries with no connection here are reported, never deleted: the keychain service
   * is shared by every data folder on this machine (the app, the headless dev host, a second
   * profile), so an entry unknown to this database may well be another one's live key.
   */
  private async reportUnknownSecrets(known: ReadonlySet<string>): Promise<void> {
    if (!this.vault.persistent) return;
    try {
      const unknown = (await this.vault.list()).filter((a) => a.startsWith(VAULT_ACCOUNT_PREFIX) && !known.has(a.slice(VAULT_ACCOUNT_PREFIX.length)));
      if (unknown.length) this.opts.log.info('vault entries with no connection in this data folder', { count: unknown.length });
    } catch (err) {
      this.opts.log.warn('could not list the vault', { error: err });
    }
  }

  private problemTest(message: string): ConnectionTest {
    return { ok: false, at: this.now(), message, venueAccountId: null, buyingPower: null, currency: null };
  }

  private specOf(record: ConnectionRecord, credentials: Credentials): VenueSpec {
    return { connectionId: record.id, venue: record.venue, exchangeId: record.exchangeId, mode: record.mode, sandbox: record.sandbox, credentials };
  }

  private testOptions(spec: VenueSpec) {
    return {
      factory: this.opts.venueFactory,
      timeoutMs: this.opts.testTimeoutMs ?? 20_000,
      now: this.now,
      label: venueLabel(spec),
      venueName: spec.venue === 'alpaca' ? 'alpaca' : (spec.exchangeId ?? 'exchange'),
      redact: (text: string) => this.opts.redactor.text(text),
      onUnexpected: (err: unknown) => this.opts.log.warn('connection test failed unexpectedly', { venue: spec.venue, error: err }),
    };
  }

  private require(id: string): ConnectionRecord {
    const record = this.opts.repo.get(id);
    // The id is not echoed: whatever the caller sent stays out of replies.
    if (!record) throw notFound('There is no connection with that id; it may have been deleted.');
    return record;
  }

  private nameTaken(name: string): boolean {
    const wanted = name.toLowerCase();
    return this.opts.repo.list().some((r) => r.name.toLowerCase() === wanted);
  }

  private duplicateName(name: string): ApiError {
    const message = `There is already a connection called "${name}": pick another name.`;
    return new ApiError('CONFLICT', message, { name: message });
  }

  private audit(actor: string, action: string, subject: string | null, outcome: 'ok' | 'refused' | 'error', detail: Record<string, unknown>): void {
    this.opts.audit.append({ at: this.now(), actor, action, subject, outcome, detail: this.opts.redactor.value(detail) as Record<string, unknown> });
  }

  private changed(): void {
    for (const l of this.listeners) {
      try {
        l();
      } catch (err) {
        this.opts.log.error('connections listener failed', { error: err });
      }
    }
  }
}

/** Ends a message with a full stop unless it already ends a sentence. */
const sentence = (text: string) => (/[.!?…]$/.test(text) ? text : `${text}.`);

function venueLabel(spec: VenueSpec): string {
  if (spec.venue === 'alpaca') return `Alpaca (${spec.mode})`;
  return `${spec.exchangeId ?? 'the exchange'}${spec.sandbox ? ' (sandbox)' : ''}`;
}
