import { describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../../src/lib/db/migrate-to-latest.ts';
import { testDatabases } from '../../helpers/test-databases.ts';

const postgres = testDatabases.filter((database) => database.name === 'postgres');

describe.each(postgres)('migrateToLatest on $name, schema by schema', ({ open }) => {
  it('migrates a schema while another schema of the same database is already migrated', async () => {
    const first = await open();
    const second = await open();
    try {
      await migrateToLatest(first.db);
      const applied = await migrateToLatest(second.db);
      expect(applied).toContain('0001-foundation');
      expect(await second.db.selectFrom('hub_meta').selectAll().execute()).toEqual([]);
    } finally {
      await first.close();
      await second.close();
    }
  });
});
