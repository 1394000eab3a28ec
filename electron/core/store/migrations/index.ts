import { m0001_init } from './0001_init';
import type { Migration } from './types';

/** Applied in order; append only. Each migration has a test that upgrades the previous version. */
export const migrations: readonly Migration[] = [m0001_init];

export const latestSchemaVersion = migrations[migrations.length - 1]!.version;
