// Test double for the VENUE side only: stands in for AlpacaConnection / CcxtConnection so the
// connections service, the vault and the API can be tested for real without a network.
import { VenueError, type ConnectionState, type VenueConnection } from '../../../electron/core/brokers/port';
import { dec } from '../../../electron/core/domain/decimal';
import type { VenueFactory, VenueSpec } from '../../../electron/core/connections/types';

export interface VenueAccount {
  keyId: string;
  secret: string;
  passphrase?: string;
  venueAccountId: string;
  buyingPower: string;
  currency?: string;
}

export interface VenueDoubleOptions {
  /** The accounts the pretend venue knows; anything else is answered like a 401. */
  accounts: VenueAccount[];
  /** Replaces the normal answer (e.g. throw a transient error, or hang). */
  override?: (spec: VenueSpec) => Promise<void> | void;
  /** Adversarial venue: its 401 message echoes every credential it was sent, as some real venues' do. */
  echoCredentialsInErrors?: boolean;
}

export interface VenueDouble {
  factory: VenueFactory;
  /** Every spec the factory was asked to build, in order. */
  specs: VenueSpec[];
  closed: () => number;
}

class VenueConnectionDouble implements VenueConnection {
  readonly venue: string;
  readonly accountId = 'double';
  readonly capabilities = { orderTypes: [], timeInForce: [], orderClasses: [], canModify: false, streamsOrderUpdates: false } as const;
  private connected = false;

  constructor(
    private readonly spec: VenueSpec,
    private readonly opts: VenueDoubleOptions,
    private readonly onClose: () => void,
  ) {
    this.venue = spec.venue;
  }

  async connect(): Promise<void> {
    await this.opts.override?.(this.spec);
    this.account();
    this.connected = true;
  }

  async accountInfo() {
    if (!this.connected) throw new VenueError('fatal', 'not connected');
    const a = this.account();
    return { venueAccountId: a.venueAccountId, currency: a.currency ?? 'USD', buyingPower: dec(a.buyingPower), cash: dec(a.buyingPower) };
  }

  state(): ConnectionState {
    return this.connected ? 'connected' : 'down';
  }

  onState(): () => void {
    return () => {};
  }

  instrument() {
    return undefined;
  }

  async close(): Promise<void> {
    this.connected = false;
    this.onClose();
  }

  onReport(): () => void {
    return () => {};
  }

  submit(): never {
    throw new VenueError('fatal', 'the venue double does not trade');
  }
  cancel(): never {
    throw new VenueError('fatal', 'the venue double does not trade');
  }
  async getOrder() {
    return null;
  }
  async openOrders() {
    return [];
  }
  async fillsOf() {
    return [];
  }
  async positions() {
    return [];
  }
  async cash() {
    return dec(this.account().buyingPower);
  }

  private account(): VenueAccount {
    const c = this.spec.credentials;
    const found = this.opts.accounts.find((a) => a.keyId === c.keyId && a.secret === c.secret && a.passphrase === c.passphrase);
    if (found) return found;
    const echo = this.opts.echoCredentialsInErrors
      ? ` (sent key ${c.keyId}, secret ${c.secret}${c.passphrase ? `, passphrase ${c.passphrase}` : ''}; ` +
        `GET https://venue.example/v2/account?apiKey=${c.keyId}&signature=${Buffer.from(c.secret).toString('hex')})`
      : '';
    throw new VenueError('fatal', `HTTP 401: request is not authorized${echo}`);
  }
}

export function venueDouble(opts: VenueDoubleOptions): VenueDouble {
  const specs: VenueSpec[] = [];
  let closed = 0;
  return {
    specs,
    closed: () => closed,
    factory: (spec) => {
      specs.push(spec);
      return new VenueConnectionDouble(spec, opts, () => closed++);
    },
  };
}

import { randomInt } from 'node:crypto';

const ALPHANUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Random credentials in Alpaca's shape, unique per call, so a leak can be searched for. */
export function randomAlpacaCredentials(mode: 'paper' | 'live' = 'paper'): { keyId: string; secret: string } {
  const pick = (alphabet: string, n: number) => Array.from({ length: n }, () => alphabet[randomInt(alphabet.length)]).join('');
  return { keyId: (mode === 'paper' ? 'PK' : 'AK') + pick('ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', 18), secret: pick(ALPHANUM, 40) };
}
