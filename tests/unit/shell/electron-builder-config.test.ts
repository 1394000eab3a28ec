import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
// electron-builder's own loader and validator (app-builder-lib is electron-builder's core,
// installed with it): the same checks `electron-builder` runs before packaging.
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config';
import { DebugLogger } from 'builder-util/out/DebugLogger';

const root = join(import.meta.dirname, '..', '..', '..');

async function loadConfig() {
  return getConfig(root, join(root, 'electron-builder.yml'), null);
}

describe('electron-builder.yml', () => {
  it('is valid for electron-builder 26', async () => {
    const config = await loadConfig();
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('(self-check) the validator does reject a wrong configuration', async () => {
    const config = await loadConfig();
    const wrong = { ...config, electronFuses: { ...config.electronFuses, runAsNodee: false } };
    await expect(validateConfiguration(wrong as typeof config, new DebugLogger(false))).rejects.toThrow();
  });

  it('packages only the bundles, unpacks native modules and sets the fuses', async () => {
    const config = await loadConfig();
    expect(config.appId).toBe('com.tradingworkstation.app');
    expect(config.directories?.output).toBe('release');
    // getConfig normalises `files` to [{ filter: [...] }]
    const patterns = JSON.stringify(config.files);
    expect(patterns).toContain('"out/**"');
    expect(patterns).toContain('"package.json"');
    expect(patterns).not.toMatch(/electron\/|renderer\/|shared\/|tests\//);
    expect(config.asarUnpack).toEqual(['**/*.node']);
    expect(config.electronFuses).toEqual(
      expect.objectContaining({
        runAsNode: false,
        enableNodeOptionsEnvironmentVariable: false,
        enableNodeCliInspectArguments: false,
        enableEmbeddedAsarIntegrityValidation: true,
        onlyLoadAppFromAsar: true,
        enableCookieEncryption: true,
      }),
    );
    expect(config.mac?.hardenedRuntime).toBe(true);
    expect(config.linux?.category).toBe('Finance');
  });

  it('points at files that exist: entitlements and a 512x512 icon', async () => {
    const config = await loadConfig();
    for (const file of [config.mac?.entitlements, config.mac?.entitlementsInherit, config.linux?.icon, config.win?.icon, config.mac?.icon]) {
      expect(typeof file).toBe('string');
      expect(existsSync(join(root, file as string)), String(file)).toBe(true);
    }
    const png = readFileSync(join(root, 'resources/icons/icon.png'));
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([512, 512]);
    // IDAT inflates: the file is a real image, not a placeholder
    const idatAt = png.indexOf('IDAT');
    const idatLength = png.readUInt32BE(idatAt - 4);
    expect(inflateSync(png.subarray(idatAt + 4, idatAt + 4 + idatLength)).length).toBe(512 * (512 * 4 + 1));
  });
});
