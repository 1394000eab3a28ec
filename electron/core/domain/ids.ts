import { randomBytes } from 'node:crypto';

/**
 * Client order ids are ours: created and persisted before any venue is called, and they
 * name the owner so bot and manual orders on one account can be told apart.
 * Format: tw-<owner>-<time36><random>; at most 36 characters, the tightest venue limit
 * we know (Binance), using only [A-Za-z0-9-].
 */
export type OrderOwner = { kind: 'manual' } | { kind: 'bot'; botId: string } | { kind: 'external' } | { kind: 'risk' };

export function ownerLabel(owner: OrderOwner): string {
  switch (owner.kind) {
    case 'manual':
      return 'manual';
    case 'bot':
      return `bot:${owner.botId}`;
    case 'external':
      return 'external';
    case 'risk':
      // The risk engine's own orders: the kill switch's and the emergency level's flattening.
      return 'risk';
  }
}

export function parseOwnerLabel(label: string): OrderOwner {
  if (label === 'manual') return { kind: 'manual' };
  if (label === 'risk') return { kind: 'risk' };
  if (label.startsWith('bot:')) return { kind: 'bot', botId: label.slice(4) };
  return { kind: 'external' };
}

function ownerTag(owner: OrderOwner): string {
  if (owner.kind === 'manual') return 'm';
  if (owner.kind === 'external') return 'x';
  if (owner.kind === 'risk') return 'r';
  return `b${owner.botId.replace(/[^A-Za-z0-9]/g, '').slice(0, 8)}`;
}

function unique(bytes: number): string {
  return Date.now().toString(36) + randomBytes(bytes).toString('hex');
}

export function newClientOrderId(owner: OrderOwner): string {
  return `tw-${ownerTag(owner)}-${unique(6)}`.slice(0, 36);
}

/** The owner encoded in one of our client order ids, or null for ids we did not make. */
export function ownerFromClientOrderId(clientOrderId: string): OrderOwner | null {
  const m = /^tw-(m|x|r|b[A-Za-z0-9]{1,8})-/.exec(clientOrderId);
  if (!m) return null;
  const tag = m[1]!;
  if (tag === 'm') return { kind: 'manual' };
  if (tag === 'x') return { kind: 'external' };
  if (tag === 'r') return { kind: 'risk' };
  return { kind: 'bot', botId: tag.slice(1) };
}

export const newOrderId = () => `o-${unique(5)}`;
export const newFillId = () => `f-${unique(5)}`;
export const newVenueId = (prefix: string) => `${prefix}-${unique(6)}`;
