import type { DbHandle } from '../../src/lib/db/create-db.ts';
import { migrateToLatest } from '../../src/lib/db/migrate-to-latest.ts';
import { testDatabases } from './test-databases.ts';

/** Each test database (SQLite, and PostgreSQL when configured), opened and migrated. */
export const migratedDatabases = testDatabases.map(({ name, open }) => ({
  name,
  async open(): Promise<DbHandle> {
    const handle = await open();
    await migrateToLatest(handle.db);
    return handle;
  },
}));
