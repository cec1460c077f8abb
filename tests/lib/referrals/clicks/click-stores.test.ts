import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../../../src/lib/db/create-db.ts';
import { aggregateBatch, visitorDaysOf, type BatchRows } from '../../../../src/lib/referrals/clicks/aggregate-batch.ts';
import { createClickStore } from '../../../../src/lib/referrals/clicks/create-click-store.ts';
import type { TrafficEvent } from '../../../../src/lib/referrals/clicks/traffic-event.ts';
import { migratedDatabases } from '../../../helpers/migrated-db.ts';

const T0 = Date.parse('2026-11-10T22:00:00.000Z');

/** 2,400 clicks over two UTC days (a distinct referrer each: more segment rows than one statement takes) and 100 excluded requests. */
const events: TrafficEvent[] = Array.from({ length: 2_500 }, (_, i): TrafficEvent =>
  i % 25 === 0
    ? { kind: 'excluded', code: `link${i % 3}`, time: T0 + i * 3_000, reason: i % 2 ? 'bot' : 'preview' }
    : {
        kind: 'click',
        code: `link${i % 7}`,
        storySlug: `story-${i % 2}`,
        advocateId: `adv-${i % 5}`,
        channel: i % 3 ? 'whatsapp' : 'email',
        generation: 1 + (i % 4),
        time: T0 + i * 3_000,
        visitor: `v${i % 300}`,
        device: i % 2 ? 'mobile' : 'desktop',
        referrerHost: `site${i}.example`,
        country: i % 4 ? 'GB' : null,
      },
);

/** Whether each click is its visitor's first on that link and day within `events`. */
function firstVisits(batch: TrafficEvent[]): boolean[] {
  const seen = new Set<string>();
  return visitorDaysOf(batch).map((row) => {
    const key = `${row.code}|${row.day}|${row.visitor}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** A table's rows as sorted JSON of the given columns, numbers as numbers on both engines. */
async function stored(handle: DbHandle, table: keyof BatchRows, columns: string[]): Promise<string[]> {
  const { rows } = await sql<Record<string, unknown>>`select ${sql.join(columns.map((column) => sql.ref(column)))} from ${sql.table(table)}`.execute(handle.db);
  return rows.map((row) => JSON.stringify(columns.map((column) => (typeof row[column] === 'bigint' ? Number(row[column]) : row[column])))).sort();
}

const asJson = (rows: object[], columns: string[]) => rows.map((row) => JSON.stringify(columns.map((column) => (row as Record<string, unknown>)[column]))).sort();

describe.each(migratedDatabases)('click store on $name', ({ open }) => {
  let handle: DbHandle;
  beforeEach(async () => {
    handle = await open();
  });
  afterEach(async () => {
    await handle.close();
  });

  it('stores the rows aggregateBatch computes, and a second batch adds its counts to them', async () => {
    const store = createClickStore(handle);
    await store.writeBatch(events);
    await store.writeBatch(events);
    await store.close();

    // Both batches as one: the second one's visitors are all known already.
    const expected = aggregateBatch([...events, ...events], [...firstVisits(events), ...firstVisits(events).map(() => false)]);
    for (const table of Object.keys(expected) as (keyof BatchRows)[]) {
      const columns = Object.keys(expected[table][0]!);
      expect(await stored(handle, table, columns), table).toEqual(asJson(expected[table], columns));
    }
    const { rows } = await sql<{ clicks: unknown; visitors: unknown }>`select sum(clicks) as clicks, sum(unique_visitors) as visitors from link_daily`.execute(handle.db);
    const visitorDays = new Set(visitorDaysOf(events).map((row) => `${row.code}|${row.day}|${row.visitor}`));
    expect(rows.map((row) => [Number(row.clicks), Number(row.visitors)])).toEqual([[2 * 2_400, visitorDays.size]]);
  });
});
