import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../../src/lib/db/create-db.ts';
import { migrateToLatest } from '../../../src/lib/db/migrate-to-latest.ts';
import { testDatabases } from '../../helpers/test-databases.ts';

describe.each(testDatabases)('migrateToLatest on $name', ({ name, open }) => {
  let handle: DbHandle | undefined;
  afterEach(async () => {
    await handle?.close();
    handle = undefined;
  });

  it('creates the tables on an empty database and reports what it applied', async () => {
    handle = await open();
    expect(handle.dialect).toBe(name);
    const applied = await migrateToLatest(handle.db);
    expect(applied.slice(0, 2)).toEqual(['0001-foundation', '0002-referrals']);
    expect(applied).toEqual([...applied].sort());
    expect(applied).toEqual(expect.arrayContaining(['0003-submissions', '0005-momentum', '0006-segments']));
    await handle.db.insertInto('hub_meta').values({ key: 'installed_at', value: '2026-11-23' }).execute();
    const row = await handle.db.selectFrom('hub_meta').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ key: 'installed_at', value: '2026-11-23' });
    expect(row.updated_at).toBeTruthy();
  });

  it('is idempotent: a second run applies nothing and keeps the data', async () => {
    handle = await open();
    await migrateToLatest(handle.db);
    await handle.db.insertInto('hub_meta').values({ key: 'k', value: 'v' }).execute();
    expect(await migrateToLatest(handle.db)).toEqual([]);
    expect(await handle.db.selectFrom('hub_meta').select('value').where('key', '=', 'k').executeTakeFirst()).toEqual({
      value: 'v',
    });
  });

  it('returns counts as numbers, not strings', async () => {
    handle = await open();
    await migrateToLatest(handle.db);
    const { rows } = await sql<{ n: number }>`select count(*) as n from hub_meta`.execute(handle.db);
    expect(rows[0]?.n).toBe(0);
  });
});

describe('SQLite durability settings', () => {
  it('opens the file in WAL mode with synchronous=FULL', async () => {
    const handle = await testDatabases[0]!.open();
    try {
      expect(handle.sqlite!.pragma('journal_mode', { simple: true })).toBe('wal');
      // 2 = FULL
      expect(handle.sqlite!.pragma('synchronous', { simple: true })).toBe(2);
    } finally {
      await handle.close();
    }
  });
});
