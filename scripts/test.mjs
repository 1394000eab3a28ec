// `npm test`: everything that runs on a machine without an Electron binary:
// type-check, lint, build (the renderer bundle is what the browser tests load),
// unit + integration tests (vitest), browser end-to-end tests (Playwright in Chromium).
// Keychain tests need a Secret Service: when none is on the session bus and
// dbus-run-session + gnome-keyring exist, the run is wrapped in a private one.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const steps = [
  ['typecheck', ['npm', 'run', '--silent', 'typecheck']],
  ['lint', ['npm', 'run', '--silent', 'lint']],
  ['build', ['npx', 'electron-vite', 'build']],
  ['vitest', ['npx', 'vitest', 'run']],
  ['playwright', ['npx', 'playwright', 'test']],
];

const only = process.argv.slice(2);
const wanted = only.length ? steps.filter(([name]) => only.includes(name)) : steps;

const haveKeyring =
  existsSync('/usr/bin/dbus-run-session') && existsSync('/usr/bin/gnome-keyring-daemon') && !process.env.TW_IN_KEYRING;

for (const [name, cmd] of wanted) {
  console.log(`\n=== ${name}: ${cmd.join(' ')}`);
  let res;
  if (haveKeyring && (name === 'vitest' || name === 'playwright')) {
    // A throwaway keyring folder: the daemon creates a fresh login keyring there, unlocked
    // with the test password, and never touches (or is locked by) the user's own keyrings.
    const keyringHome = mkdtempSync(join(tmpdir(), 'tw-keyring-'));
    const inner = `echo -n tw-test | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1; ${cmd.join(' ')}`;
    try {
      res = spawnSync('dbus-run-session', ['--', 'sh', '-c', inner], {
        stdio: 'inherit',
        env: { ...process.env, TW_IN_KEYRING: '1', XDG_DATA_HOME: keyringHome },
      });
    } finally {
      rmSync(keyringHome, { recursive: true, force: true });
    }
  } else {
    res = spawnSync(cmd[0], cmd.slice(1), { stdio: 'inherit', env: process.env });
  }
  if (res.status !== 0) {
    console.error(`\n${name} failed (exit ${res.status ?? res.signal})`);
    process.exit(res.status || 1);
  }
}
console.log('\nall test steps passed');
