import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../electron/core/api/errors';
import { VenueError } from '../../../electron/core/brokers/port';
import { formatMoney, plainWords, testVenue } from '../../../electron/core/connections/venueTest';
import type { VenueSpec } from '../../../electron/core/connections/types';
import { venueDouble } from './venueDouble';

const spec: VenueSpec = { connectionId: null, venue: 'alpaca', exchangeId: null, mode: 'paper', sandbox: false, credentials: { keyId: 'PKABCDEFGHIJKLMNOPQR', secret: 'x'.repeat(40) } };
const base = { timeoutMs: 1_000, now: () => 1, label: 'Alpaca (paper)', venueName: 'alpaca', redact: (t: string) => t.split(spec.credentials.secret).join('[redacted]'), onUnexpected: () => {} };

describe('testing a venue connection', () => {
  it('formats money for people', () => {
    expect(formatMoney('25000.50')).toBe('25,000.50');
    expect(formatMoney('-1234567.00')).toBe('-1,234,567.00');
    expect(formatMoney('999')).toBe('999');
  });

  it('removes secrets and signed query strings from venue messages and keeps them short', () => {
    const text = plainWords(`401 for GET https://api.example.com/v2/account?apiKey=K&signature=abc  secret ${spec.credentials.secret}\n${'y'.repeat(400)}`, base.redact);
    expect(text).toMatch(/^401 for GET https:\/\/api\.example\.com\/v2\/account secret \[redacted\] y+…$/);
    expect(text.length).toBeLessThanOrEqual(300);
  });

  it('maps each kind of failure to a code and plain words, and always closes the connection', async () => {
    const cases: Array<[unknown, string, RegExp]> = [
      [new VenueError('fatal', 'invalid key'), 'REJECTED', /^Alpaca \(paper\) refused these credentials: invalid key$/],
      [new VenueError('transient', 'ECONNRESET'), 'UNAVAILABLE', /^Could not reach Alpaca \(paper\): ECONNRESET$/],
      [new VenueError('rate_limited', '429'), 'UNAVAILABLE', /limiting requests/],
      [new ApiError('UNAVAILABLE', 'not in this build'), 'UNAVAILABLE', /^not in this build$/],
      [new TypeError(`cannot read x of ${spec.credentials.secret}`), 'UNAVAILABLE', /^Testing the connection to Alpaca \(paper\) failed: cannot read x of \[redacted\]$/],
    ];
    for (const [thrown, code, message] of cases) {
      const venue = venueDouble({ accounts: [], override: () => Promise.reject(thrown) });
      const out = await testVenue(spec, { ...base, factory: venue.factory });
      expect(out).toMatchObject({ ok: false, code, test: { ok: false, venueAccountId: null } });
      expect(out.test.message).toMatch(message);
      await new Promise((r) => setTimeout(r, 0));
      expect(venue.closed()).toBe(1);
    }
  });

  it('a factory that throws (no adapter in this build) is an answer, not a crash', async () => {
    const out = await testVenue(spec, {
      ...base,
      factory: () => {
        throw new ApiError('UNAVAILABLE', 'Connecting to Alpaca is not available in this build yet');
      },
    });
    expect(out).toMatchObject({ ok: false, code: 'UNAVAILABLE', test: { message: 'Connecting to Alpaca is not available in this build yet' } });
  });
});
