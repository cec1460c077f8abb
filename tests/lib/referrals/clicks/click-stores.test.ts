import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../../../src/lib/db/create-db.ts';
import { aggregateBatch, readerDaysOf, visitorDaysOf, type BatchRows, type ReaderNews } from '../../../../src/lib/referrals/clicks/aggregate-batch.ts';
import { createClickStore } from '../../../../src/lib/referrals/clicks/create-click-store.ts';
import type { RecordedEvent, TrafficEvent } from '../../../../src/lib/referrals/clicks/traffic-event.ts';
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

const source = (i: number) => ({ channel: i % 2 ? 'social' : 'direct', source: i % 2 ? 'facebook.com' : '', medium: '', campaign: i % 3 ? '' : `c${i % 5}` });

/** 3,000 page events over two UTC days: views and reads of three pages by 250 visitors, some opted out (GPC/DNT), some excluded. */
const pageEvents: RecordedEvent[] = Array.from({ length: 3_000 }, (_, i): RecordedEvent => {
  const page = `/stories/story-${i % 3}/`;
  const time = T0 + i * 2_500;
  if (i % 20 === 0) return { kind: 'page-excluded', page, time, reason: (['bot', 'preview', 'prerender'] as const)[i % 3]! };
  const name = i % 4 === 1 ? 'read' : 'view';
  if (i % 10 === 3) return { kind: 'page', name, page, time, source: source(i), visitor: null, newReader: i % 20 === 3, newRead: name === 'read' };
  return { kind: 'page', name, page, time, source: source(i), visitor: `r${i % 250}` };
});

/** What reader_days should say of each page event with a visitor within `batch`: new reader at its first event, first read at its first read. */
function firstReads(batch: RecordedEvent[]): ReaderNews[] {
  const readers = new Set<string>();
  const reads = new Set<string>();
  return readerDaysOf(batch).map((row) => {
    const key = `${row.page}|${row.day}|${row.visitor}`;
    const newReader = !readers.has(key);
    readers.add(key);
    const newRead = row.read && !reads.has(key);
    if (row.read) reads.add(key);
    return { newReader, newRead };
  });
}

/** Whether each click is its visitor's first on that link and day within `events`. */
function firstVisits(batch: RecordedEvent[]): boolean[] {
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
    const batch = [...events, ...pageEvents];
    const store = createClickStore(handle);
    await store.writeBatch(batch);
    await store.writeBatch(batch);
    await store.close();

    // Both batches as one: the second one's visitors and readers are all known already.
    const again = (news: ReaderNews[]) => news.map(() => ({ newReader: false, newRead: false }));
    const expected = aggregateBatch([...batch, ...batch], [...firstVisits(batch), ...firstVisits(batch).map(() => false)], [...firstReads(batch), ...again(firstReads(batch))]);
    for (const table of Object.keys(expected) as (keyof BatchRows)[]) {
      const columns = Object.keys(expected[table][0]!);
      expect(await stored(handle, table, columns), table).toEqual(asJson(expected[table], columns));
    }
    const { rows } = await sql<{ clicks: unknown; visitors: unknown }>`select sum(clicks) as clicks, sum(unique_visitors) as visitors from link_daily`.execute(handle.db);
    const visitorDays = new Set(visitorDaysOf(events).map((row) => `${row.code}|${row.day}|${row.visitor}`));
    expect(rows.map((row) => [Number(row.clicks), Number(row.visitors)])).toEqual([[2 * 2_400, visitorDays.size]]);
  });

  it('counts a reader once per page and day, a read once per reader, and stores no hash of an opted-out visitor', async () => {
    const store = createClickStore(handle);
    await store.writeBatch(pageEvents);
    await store.close();
    const readerDays = readerDaysOf(pageEvents);
    const keys = new Set(readerDays.map((row) => `${row.page}|${row.day}|${row.visitor}`));
    const readKeys = new Set(readerDays.filter((row) => row.read).map((row) => `${row.page}|${row.day}|${row.visitor}`));
    const optedOut = pageEvents.filter((event) => event.kind === 'page' && event.visitor === null) as { newReader: boolean; newRead: boolean }[];
    const { rows } = await sql<{ readers: unknown; reads: unknown }>`select sum(readers) as readers, sum(reads) as reads from page_daily`.execute(handle.db);
    expect(rows.map((row) => [Number(row.readers), Number(row.reads)])).toEqual([
      [keys.size + optedOut.filter((news) => news.newReader).length, readKeys.size + optedOut.filter((news) => news.newRead).length],
    ]);
    expect(await stored(handle, 'reader_days' as keyof BatchRows, ['visitor'])).toHaveLength(keys.size);
    expect(await stored(handle, 'reader_days' as keyof BatchRows, ['has_read'])).toEqual([...Array(keys.size - readKeys.size).fill('[0]'), ...Array(readKeys.size).fill('[1]')]);
  });
});
