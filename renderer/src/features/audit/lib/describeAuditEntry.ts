import type { AuditEntry } from '../../../../../shared/contract';

/** The actions the engine records, for the filter; any other action seen in the log is added to it. */
export const KNOWN_AUDIT_ACTIONS = [
  'order.submit',
  'order.cancel',
  'order.modify',
  'order.rejected',
  'order.adopted',
  'reconcile',
  'reconcile.adopt',
  'reconcile.ignore',
  'reconcile.flatten',
  'connections.add',
  'connections.test',
  'connections.rename',
  'connections.delete',
  'connections.enableLive',
  'connections.disableLive',
  'session.control',
] as const;

function text(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value === '' ? null : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  try {
    return JSON.stringify(value);
  } catch {
    return null;
  }
}

const ACCOUNT_KEYS = new Set(['account', 'accountId']);

/**
 * The entry's details in one line: the reason first (it is what a reader looks for), then
 * "key value" pairs, with account ids shown by their account's name where it is known.
 */
export function describeAuditDetail(entry: AuditEntry, accountName?: (id: string) => string | null): string {
  const parts: string[] = [];
  const reason = text(entry.detail.reason);
  if (reason) parts.push(reason);
  for (const [key, value] of Object.entries(entry.detail)) {
    if (key === 'reason') continue;
    const shown = text(value);
    if (shown === null) continue;
    const named = ACCOUNT_KEYS.has(key) && typeof value === 'string' ? accountName?.(value) : null;
    parts.push(`${key} ${named ?? shown}`);
  }
  return parts.join(' · ');
}
