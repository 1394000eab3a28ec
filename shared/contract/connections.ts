import { z } from 'zod';
import { event, invoke } from './define';
import { EpochMs } from './common';

export const VenueKind = z.enum(['alpaca', 'ccxt']);
export type VenueKind = z.infer<typeof VenueKind>;

export const ConnectionStatus = z.enum(['untested', 'connecting', 'connected', 'reconnecting', 'down', 'error']);
export type ConnectionStatus = z.infer<typeof ConnectionStatus>;

/** Where a connection's secrets live: the OS keychain, Electron's safeStorage, or only in memory for this session. */
export const SecretStorage = z.enum(['keychain', 'safeStorage', 'session']);

export const ConnectionTest = z.object({
  ok: z.boolean(),
  at: EpochMs,
  /** In plain words: "Connected: account PA123, buying power 25,000.00 USD" or the venue's error. */
  message: z.string(),
  venueAccountId: z.string().nullable(),
  buyingPower: z.string().nullable(),
  currency: z.string().nullable(),
});
export type ConnectionTest = z.infer<typeof ConnectionTest>;

/** What the renderer may know about a connection: never a secret, only the key's last four characters. */
export const ConnectionInfo = z.object({
  id: z.string(),
  name: z.string(),
  venue: VenueKind,
  /** ccxt exchange id (e.g. "binance"); null for Alpaca. */
  exchangeId: z.string().nullable(),
  /** The account type at the venue. Paper is the default everywhere. */
  mode: z.enum(['paper', 'live']),
  /** Exchange sandbox / testnet (ccxt). */
  sandbox: z.boolean(),
  /** A live account trades only after the user enabled it on purpose. */
  liveEnabled: z.boolean(),
  keyLast4: z.string(),
  storage: SecretStorage,
  status: ConnectionStatus,
  lastTest: ConnectionTest.nullable(),
  createdAt: EpochMs,
});
export type ConnectionInfo = z.infer<typeof ConnectionInfo>;

const Secretish = (label: string) =>
  z
    .string()
    .trim()
    .min(1, `${label} is empty`)
    .max(512, `${label} is too long`)
    .regex(/^[\x21-\x7e]+$/, `${label} may only contain visible characters, no spaces`);

export const AddConnectionInput = z
  .object({
    name: z.string().trim().min(1, 'Give the connection a name').max(64),
    venue: VenueKind,
    exchangeId: z.string().trim().min(1).max(64).regex(/^[a-z0-9_]+$/, 'unknown exchange id').optional(),
    mode: z.enum(['paper', 'live']).default('paper'),
    sandbox: z.boolean().default(false),
    keyId: Secretish('API key'),
    secret: Secretish('API secret'),
    passphrase: Secretish('Passphrase').optional(),
  })
  .strict()
  .refine((v) => v.venue !== 'ccxt' || v.exchangeId !== undefined, { message: 'Pick an exchange', path: ['exchangeId'] });
export type AddConnectionInput = z.input<typeof AddConnectionInput>;

export const ExchangeInfo = z.object({
  id: z.string(),
  name: z.string(),
  requiresPassphrase: z.boolean(),
  hasSandbox: z.boolean(),
});
export type ExchangeInfo = z.infer<typeof ExchangeInfo>;

export const VaultStatus = z.object({
  backend: z.enum(['keychain', 'safeStorage', 'session']),
  /** False when secrets cannot be stored safely on this machine: they live only until the app quits. */
  persistent: z.boolean(),
  /** Why secrets are session-only, in words for the user. */
  reason: z.string().nullable(),
});
export type VaultStatus = z.infer<typeof VaultStatus>;

const Id = z.object({ id: z.string().min(1).max(64) }).strict();

export const connectionsChannels = {
  'connections.list': invoke('Connected accounts, secrets masked.', z.object({}).strict().default({}), z.array(ConnectionInfo)),
  'connections.add': invoke(
    'Test the credentials against the venue and, if they work, save them (secrets to the vault).',
    AddConnectionInput,
    ConnectionInfo,
    { rateLimited: true },
  ),
  'connections.test': invoke('Test a saved connection.', Id, ConnectionTest, { rateLimited: true }),
  'connections.rename': invoke(
    'Rename a connection.',
    z.object({ id: z.string().min(1).max(64), name: z.string().trim().min(1, 'Give the connection a name').max(64) }).strict(),
    ConnectionInfo,
  ),
  'connections.delete': invoke('Delete a connection and its secrets.', Id, z.object({ deleted: z.literal(true) })),
  'connections.enableLive': invoke(
    'Allow a live account to trade. The user must type the connection name to confirm.',
    z.object({ id: z.string().min(1).max(64), confirmName: z.string().max(64) }).strict(),
    ConnectionInfo,
    { rateLimited: true },
  ),
  'connections.disableLive': invoke('Stop a live account from trading.', Id, ConnectionInfo),
  'connections.exchanges': invoke('Exchanges ccxt supports, for the add-connection form.', z.object({}).strict().default({}), z.array(ExchangeInfo)),
  'vault.status': invoke('Where secrets are kept on this machine.', z.object({}).strict().default({}), VaultStatus),
} as const;

export const connectionsEvents = {
  'connections.changed': event('Connections after any change (masked).', z.object({ connections: z.array(ConnectionInfo) })),
} as const;
