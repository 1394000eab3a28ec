import type Database from 'better-sqlite3';

export interface Migration {
  /** Strictly increasing, starting at 1; the file is named NNNN_<name>.ts. */
  readonly version: number;
  readonly name: string;
  /** Runs inside a transaction together with the version bump. */
  up(db: Database.Database): void;
}
