import type { Indicator } from './types';

/**
 * Session-anchored volume-weighted average price over the typical price (high + low +
 * close) / 3 of each bar: sum(typical * volume) / sum(volume) since the session began.
 *
 * The session is whatever the caller says it is: a new `sessionKey` (any finite number,
 * e.g. a trading-day number from the market calendar, see `utcDayKey`) starts a new sum.
 * NaN while the session has no volume yet.
 */
export class Vwap implements Indicator {
  private session = Number.NaN;
  private started = false;
  private priceVolume = 0;
  private volume = 0;
  private current = Number.NaN;

  get value(): number {
    return this.current;
  }

  get ready(): boolean {
    return this.volume > 0;
  }

  update(high: number, low: number, close: number, volume: number, sessionKey: number): number {
    if (!this.started || sessionKey !== this.session) {
      this.started = true;
      this.session = sessionKey;
      this.priceVolume = 0;
      this.volume = 0;
    }
    this.priceVolume += ((high + low + close) / 3) * volume;
    this.volume += volume;
    this.current = this.volume > 0 ? this.priceVolume / this.volume : Number.NaN;
    return this.current;
  }

  reset(): void {
    this.session = Number.NaN;
    this.started = false;
    this.priceVolume = 0;
    this.volume = 0;
    this.current = Number.NaN;
  }
}

/**
 * A session key for markets whose session is a calendar day at a FIXED offset from UTC
 * (crypto: offset 0). Not for exchanges with daylight saving time: derive their key from the
 * market calendar instead.
 */
export function utcDayKey(epochSeconds: number, utcOffsetSeconds = 0): number {
  return Math.floor((epochSeconds + utcOffsetSeconds) / 86_400);
}
