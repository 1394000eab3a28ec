import { describe, expect, it } from 'vitest';
import { loadCcxtCatalog } from '../../../electron/core/connections/exchangeCatalog';

describe('the ccxt exchange catalog', () => {
  it('lists ccxt exchanges with names, passphrase and sandbox flags, leaving out those the form cannot sign for', async () => {
    const catalog = await loadCcxtCatalog();
    const offered = catalog.offered();
    expect(offered.length).toBeGreaterThan(50);
    expect(offered.find((e) => e.id === 'binance')).toEqual({ id: 'binance', name: 'Binance', requiresPassphrase: false, hasSandbox: true });
    expect(offered.find((e) => e.id === 'okx')).toMatchObject({ requiresPassphrase: true });
    // Hyperliquid signs with a wallet key: known, but not offered.
    expect(offered.some((e) => e.id === 'hyperliquid')).toBe(false);
    expect(catalog.get('hyperliquid')?.unsupportedCredentials).toContain('privateKey');
    expect(catalog.get('nonexistent')).toBeUndefined();
    expect(catalog.get('__proto__')).toBeUndefined();
    expect(catalog.suggest('binanse')).toContain('binance');
    expect(catalog.suggest('kraken')).toContain('kraken');
  });
});
