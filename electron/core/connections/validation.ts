import type { ParsedInputOf } from '../../../shared/contract';
import { ApiError } from '../api/errors';
import type { ExchangeCatalog } from './exchangeCatalog';
import type { VenueSpec } from './types';

export type AddInput = ParsedInputOf<'connections.add'>;

export interface ValidatedAdd {
  name: string;
  spec: VenueSpec;
  keyLast4: string;
}

const badField = (field: string, message: string) => new ApiError('BAD_REQUEST', message, { [field]: message });

// Alpaca key ids are 20 capitals and digits (PK... paper, AK... live); secrets about 40
// characters. The bounds are loose on purpose: the venue is the judge, this only catches
// a paste of the wrong thing before anyone is called.
const ALPACA_KEY_ID = /^[A-Z0-9]{16,40}$/;
const ALPACA_SECRET = /^[A-Za-z0-9/+=._-]{30,100}$/;

/**
 * Checks an add request beyond its schema: the venue's key shapes, the exchange id, the
 * passphrase an exchange needs, and that "paper" really means a practice account. Every
 * refusal names the field and says what to do; nothing has been saved or sent yet.
 */
export async function validateAdd(input: AddInput, catalog: () => Promise<ExchangeCatalog>): Promise<ValidatedAdd> {
  const credentials = {
    keyId: input.keyId,
    secret: input.secret,
    ...(input.passphrase !== undefined && { passphrase: input.passphrase }),
  };
  const keyLast4 = lastFour(input.keyId);
  if (input.venue === 'alpaca') {
    validateAlpaca(input);
    return { name: input.name, keyLast4, spec: { connectionId: null, venue: 'alpaca', exchangeId: null, mode: input.mode, sandbox: false, credentials } };
  }

  const exchangeId = input.exchangeId;
  if (exchangeId === undefined) throw badField('exchangeId', 'Pick an exchange');
  const cat = await catalog();
  const entry = cat.get(exchangeId);
  if (!entry) {
    const close = cat.suggest(exchangeId);
    throw badField(
      'exchangeId',
      `There is no exchange with the id "${exchangeId}" in ccxt. Pick it from the exchange list; ids are lowercase ` +
        `names such as binance, kraken or okx${close.length ? ` (did you mean ${close.join(', ')}?)` : ''}.`,
    );
  }
  if (entry.unsupportedCredentials.length) {
    throw badField('exchangeId', `${entry.name} signs requests with ${cat.describeUnsupported(entry)}, which this app cannot store yet.`);
  }
  if (entry.requiresPassphrase && input.passphrase === undefined) {
    throw badField('passphrase', `${entry.name} needs the passphrase you chose when you created the API key.`);
  }
  // For an exchange "paper" can only mean its sandbox / testnet: without one, a paper
  // connection would trade real money under a practice label.
  if (input.mode === 'live' && input.sandbox) {
    throw badField('sandbox', `A ${entry.name} sandbox account is not live money: add it as a paper connection.`);
  }
  if (input.mode === 'paper' && !entry.hasSandbox) {
    throw badField(
      'mode',
      `${entry.name} has no sandbox or testnet, so it cannot be added as a paper connection. Choose live to connect a real-money account.`,
    );
  }
  return {
    name: input.name,
    keyLast4,
    spec: { connectionId: null, venue: 'ccxt', exchangeId, mode: input.mode, sandbox: input.mode === 'paper', credentials },
  };
}

function validateAlpaca(input: AddInput): void {
  if (input.passphrase !== undefined) throw badField('passphrase', 'Alpaca does not use a passphrase: leave it empty.');
  if (!ALPACA_KEY_ID.test(input.keyId)) {
    throw badField(
      'keyId',
      'That does not look like an Alpaca API key id: it is about 20 capital letters and digits, starting with PK for a paper ' +
        'account or AK for a live one. Copy it again from the Alpaca dashboard.',
    );
  }
  if (!ALPACA_SECRET.test(input.secret)) {
    throw badField(
      'secret',
      'That does not look like an Alpaca secret key: it is about 40 letters and digits, shown once when the key is created. ' +
        'If you no longer have it, regenerate the key in the Alpaca dashboard.',
    );
  }
  if (input.mode === 'live' && input.keyId.startsWith('PK')) {
    throw badField('keyId', 'This is a paper key (it starts with PK) but you chose a live account: choose paper, or use your live key.');
  }
  if (input.mode === 'paper' && input.keyId.startsWith('AK')) {
    throw badField('keyId', 'This is a live key (it starts with AK) but you chose a paper account: choose live, or use your paper key.');
  }
}

/** The key's last four characters for the list; nothing at all for keys too short to hide the rest. */
export function lastFour(keyId: string): string {
  return keyId.length >= 8 ? keyId.slice(-4) : '';
}
