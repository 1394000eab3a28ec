import { m0001_init } from './0001_init';
import { m0002_connections } from './0002_connections';
import { m0003_order_classes_and_reconcile } from './0003_order_classes_and_reconcile';
import { m0004_risk } from './0004_risk';
import { m0005_equity_snapshots } from './0005_equity_snapshots';
import { m0006_training } from './0006_training';
import { m0007_marketdata } from './0007_marketdata';
import { m0008_bots } from './0008_bots';
import type { Migration } from './types';

/** Applied in order; append only. Each migration has a test that upgrades the previous version. */
export const migrations: readonly Migration[] = [m0001_init, m0002_connections, m0003_order_classes_and_reconcile, m0004_risk, m0005_equity_snapshots, m0006_training, m0007_marketdata, m0008_bots];

export const latestSchemaVersion = migrations[migrations.length - 1]!.version;
