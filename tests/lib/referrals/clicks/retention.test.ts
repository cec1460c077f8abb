import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { monthPartitions, partitionsBefore } from '../../../../src/lib/db/click-partitions.ts';
import type { DbHandle } from '../../../../src/lib/db/create-db.ts';
import { createMigrator } from '../../../../src/lib/db/migrate-to-latest.ts';
import { eraseRawClicks } from '../../../../src/lib/referrals/clicks/erase-raw-clicks.ts';
import { pruneRawClicks } from '../../../../src/lib/referrals/clicks/prune-raw-clicks.ts';
import { DAY_MS, utcDay } from '../../../../src/lib/time/utc-day.ts';
import { migratedDatabases } from '../../../helpers/migrated-db.ts';
import { testDatabases } from '../../../helpers/test-databases.ts';

const NOW = Date.parse('2026-12-01T12:00:00.000Z');
const count = async (handle: DbHandle, table: string) =>
  Number((await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(handle.db)).rows[0]!.n);

/** Raw clicks at these ages (days before NOW), one per age and link, with their visitor_days rows. */
async function insertClicks(handle: DbHandle, ages: number[], codes = ['link0001', 'link0002']) {
  for (const age of ages) {
    for (const code of codes) {
      const time = NOW - age * DAY_MS;
      await handle.db.insertInto('clicks').values({ code, clicked_at: time, visitor: `v${age}`, device: 'mobile', referrer_host: null, country: null }).execute();
      await handle.db.insertInto('visitor_days').values({ code, day: utcDay(time), visitor: `v${age}` }).onConflict((c) => c.doNothing()).execute();
      await handle.db.insertInto('reader_days').values({ page: `/stories/${code}/`, day: utcDay(time), visitor: `v${age}` }).onConflict((c) => c.doNothing()).execute();
    }
  }
}

describe('monthPartitions', () => {
  it('covers every month from the first to the one after the last, in UTC', () => {
    expect(monthPartitions(Date.parse('2026-11-30T23:59:59.999Z'), Date.parse('2027-01-01T00:00:00.000Z'))).toEqual([
      { name: 'clicks_2026_11', start: Date.parse('2026-11-01T00:00:00Z'), end: Date.parse('2026-12-01T00:00:00Z') },
      { name: 'clicks_2026_12', start: Date.parse('2026-12-01T00:00:00Z'), end: Date.parse('2027-01-01T00:00:00Z') },
      { name: 'clicks_2027_01', start: Date.parse('2027-01-01T00:00:00Z'), end: Date.parse('2027-02-01T00:00:00Z') },
      { name: 'clicks_2027_02', start: Date.parse('2027-02-01T00:00:00Z'), end: Date.parse('2027-03-01T00:00:00Z') },
    ]);
  });
});

describe.each(migratedDatabases)('raw click retention on $name', ({ name, open }) => {
  let handle: DbHandle;
  beforeEach(async () => {
    handle = await open();
  });
  afterEach(() => handle.close());

  it('prunes raw clicks older than the retention and visitor and reader days before yesterday, and keeps the rest', async () => {
    await insertClicks(handle, [900, 500, 401, 399, 40, 1, 0]);
    const result = await pruneRawClicks(handle.db, { now: NOW, retentionDays: 400 });
    expect(result.clicks).toBe(6);
    const left = await handle.db.selectFrom('clicks').select('clicked_at').orderBy('clicked_at').execute();
    expect(left.map((row) => Math.round((NOW - Number(row.clicked_at)) / DAY_MS))).toEqual([399, 399, 40, 40, 1, 1, 0, 0]);
    expect((await handle.db.selectFrom('visitor_days').select('day').distinct().orderBy('day').execute()).map((row) => row.day)).toEqual([
      utcDay(NOW - DAY_MS),
      utcDay(NOW),
    ]);
    expect(result.readerDays).toBe(10);
    expect((await handle.db.selectFrom('reader_days').select('day').distinct().orderBy('day').execute()).map((row) => row.day)).toEqual([
      utcDay(NOW - DAY_MS),
      utcDay(NOW),
    ]);
    expect((await pruneRawClicks(handle.db, { now: NOW, retentionDays: 400 })).clicks).toBe(0);
  });

  it('erases the raw clicks of the given links only', async () => {
    await insertClicks(handle, [3, 2, 1], ['keep0001', 'gone0001', 'gone0002']);
    expect(await eraseRawClicks(handle.db, ['gone0001', 'gone0002', 'none0001'])).toBe(6);
    expect((await handle.db.selectFrom('clicks').select('code').distinct().execute()).map((row) => row.code)).toEqual(['keep0001']);
    expect(await eraseRawClicks(handle.db, [])).toBe(0);
  });

  if (name === 'postgres') {
    it('keeps raw clicks in month partitions, drops whole months past the retention, and makes the coming ones', async () => {
      await insertClicks(handle, [500, 0]);
      expect(await partitionsBefore(handle.db, Number.MAX_SAFE_INTEGER)).toContain('clicks_2026_12');
      // No month partition exists for the 500-day-old clicks: they are in the default one.
      expect(await count(handle, 'clicks_default')).toBe(2);
      expect(await count(handle, 'clicks_2026_12')).toBe(2);
      await pruneRawClicks(handle.db, { now: NOW + 400 * DAY_MS, retentionDays: 400 });
      expect(await count(handle, 'clicks_default')).toBe(0);
      expect(await count(handle, 'clicks_2026_12')).toBe(2);
      const later = NOW + 500 * DAY_MS;
      await pruneRawClicks(handle.db, { now: later, retentionDays: 400 });
      const after = await partitionsBefore(handle.db, Number.MAX_SAFE_INTEGER);
      expect(after).not.toContain('clicks_2026_12');
      expect(await count(handle, 'clicks')).toBe(0);
      expect(after).toEqual(expect.arrayContaining(monthPartitions(later, later).map((part) => part.name)));
    });
  }
});

describe.each(testDatabases)('migration 0010 on $name', ({ open }) => {
  it('keeps every rollup row and raw click it reshapes', async () => {
    const handle = await open();
    try {
      const migrator = await createMigrator(handle.db);
      expect((await migrator.migrateTo('0009-dashboard-indexes')).error).toBeUndefined();
      const day = '2026-11-30';
      await sql`insert into link_daily (code, day, clicks, unique_visitors, conversions) values ('link0001', ${day}, 5, 3, 1)`.execute(handle.db);
      await sql`insert into advocate_daily (advocate_id, day, clicks, unique_visitors, conversions) values ('adv1', ${day}, 7, 4, 2)`.execute(handle.db);
      await sql`insert into visitor_days (code, day, visitor) values ('link0001', ${day}, 'v1')`.execute(handle.db);
      await sql`insert into clicks (code, clicked_at, visitor, device, referrer_host, country) values ('link0001', ${NOW - DAY_MS}, 'v1', 'mobile', null, 'GB')`.execute(handle.db);
      expect((await migrator.migrateToLatest()).error).toBeUndefined();
      expect(await handle.db.selectFrom('link_daily').selectAll().execute()).toEqual([{ code: 'link0001', day, clicks: 5, unique_visitors: 3, conversions: 1 }]);
      expect(await handle.db.selectFrom('advocate_daily').selectAll().execute()).toEqual([{ advocate_id: 'adv1', day, clicks: 7, unique_visitors: 4, conversions: 2 }]);
      expect(await handle.db.selectFrom('visitor_days').selectAll().execute()).toEqual([{ code: 'link0001', day, visitor: 'v1' }]);
      expect((await handle.db.selectFrom('clicks').select(['code', 'country']).execute())).toEqual([{ code: 'link0001', country: 'GB' }]);
    } finally {
      await handle.close();
    }
  });
});
