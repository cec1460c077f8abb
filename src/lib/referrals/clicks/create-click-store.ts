import type { DbHandle } from '../../db/create-db.ts';
import type { ClickStore } from './click-store.ts';
import { createPostgresClickStore } from './create-postgres-click-store.ts';
import { createSqliteClickStore } from './create-sqlite-click-store.ts';

/**
 * The click store for this database: batches of referral traffic written in ONE transaction
 * each (raw clicks, the unique-visitor set, and the rollups the stats read). SQLite writes in
 * a worker thread with prepared statements; PostgreSQL with multi-row statements.
 */
export function createClickStore(handle: DbHandle): ClickStore {
  return handle.sqliteFile ? createSqliteClickStore(handle.sqliteFile) : createPostgresClickStore(handle.db);
}
