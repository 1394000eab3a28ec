import { randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Who may talk to the headless host. It listens on 127.0.0.1 only, but any web page the
 * user opens can still send requests to loopback, so three independent checks apply:
 * the Host header (defeats DNS rebinding), the Origin (a foreign page's WebSocket carries
 * its own origin) and a per-run secret token (only the person who started the host has it).
 */

const LOOPBACK_HOSTNAMES = new Set(['127.0.0.1', 'localhost', '[::1]']);

export function newToken(): string {
  return randomBytes(32).toString('hex');
}

/** `Host: 127.0.0.1:1234`, `localhost:5173` ... A rebinding attack arrives with the attacker's name here. */
export function isLoopbackHost(hostHeader: string | undefined): boolean {
  if (!hostHeader) return false;
  try {
    return LOOPBACK_HOSTNAMES.has(new URL(`http://${hostHeader}`).hostname);
  } catch {
    return false;
  }
}

/**
 * Browsers always send Origin on a WebSocket handshake; command-line clients (tests, ws)
 * send none, and they already had to read the token from our stdout. "null" (sandboxed
 * frames, file://) is refused.
 */
export function isAllowedOrigin(origin: string | undefined): boolean {
  if (origin === undefined) return true;
  try {
    const url = new URL(origin);
    return url.protocol === 'http:' && LOOPBACK_HOSTNAMES.has(url.hostname) && url.origin === origin;
  } catch {
    return false;
  }
}

export function tokenMatches(given: string | null | undefined, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  // Length is not secret (it is always 64 hex chars); the content is compared in constant time.
  return a.length === b.length && timingSafeEqual(a, b);
}
