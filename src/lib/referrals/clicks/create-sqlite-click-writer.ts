import type Database from 'better-sqlite3';
import { aggregateBatch, readerDaysOf, visitorDaysOf, type BatchColumn, type BatchRow, type RollupTable } from './aggregate-batch.ts';
import type { RecordedEvent } from './traffic-event.ts';

/**
 * A prepared upsert into a rollup, bound by column name: a new key is inserted, an existing
 * row's counters add the batch's.
 */
function prepareUpsert<Table extends RollupTable>(sqlite: Database.Database, table: Table, keys: BatchColumn<Table>[], counters: BatchColumn<Table>[]): Database.Statement {
  const columns = [...keys, ...counters];
  return sqlite.prepare(
    `insert into ${table} (${columns.join(', ')}) values (${columns.map((column) => `@${column}`).join(', ')})
     on conflict (${keys.join(', ')}) do update set ${counters.map((column) => `${column} = ${column} + excluded.${column}`).join(', ')}`,
  );
}

/**
 * The SQLite writer of click batches (the writer thread runs it; the bench seeder too): one
 * IMMEDIATE transaction per batch, prepared statements bound by column name to the rows of
 * aggregateBatch. Inserting visitor_days first tells it which clicks were new visitors, and
 * reader_days which page events were new readers and first reads.
 */
export function createSqliteClickWriter(sqlite: Database.Database): (events: RecordedEvent[]) => void {
  const insertVisitorDay = sqlite.prepare('insert into visitor_days (code, day, visitor) values (@code, @day, @visitor) on conflict do nothing');
  const insertReaderDay = sqlite.prepare('insert into reader_days (page, day, visitor) values (@page, @day, @visitor) on conflict do nothing');
  const markRead = sqlite.prepare('update reader_days set has_read = 1 where page = @page and day = @day and visitor = @visitor and has_read = 0');
  // One statement per table of the batch, in the order they run.
  const statements: Record<keyof BatchRow, Database.Statement> = {
    clicks: sqlite.prepare(
      `insert into clicks (code, clicked_at, visitor, device, referrer_host, country)
       values (@code, @clicked_at, @visitor, @device, @referrer_host, @country)`,
    ),
    link_daily: prepareUpsert(sqlite, 'link_daily', ['code', 'day'], ['clicks', 'unique_visitors']),
    story_daily: prepareUpsert(sqlite, 'story_daily', ['story_slug', 'day', 'channel', 'generation'], ['clicks', 'unique_visitors']),
    advocate_daily: prepareUpsert(sqlite, 'advocate_daily', ['advocate_id', 'day'], ['clicks', 'unique_visitors']),
    segment_daily: prepareUpsert(sqlite, 'segment_daily', ['story_slug', 'day', 'dimension', 'value'], ['clicks', 'unique_visitors']),
    excluded_daily: prepareUpsert(sqlite, 'excluded_daily', ['code', 'day', 'reason'], ['hits']),
    link_totals: prepareUpsert(sqlite, 'link_totals', ['code'], ['clicks']),
    advocate_totals: prepareUpsert(sqlite, 'advocate_totals', ['advocate_id'], ['clicks']),
    page_daily: prepareUpsert(sqlite, 'page_daily', ['page', 'day'], ['views', 'readers', 'reads']),
    source_daily: prepareUpsert(sqlite, 'source_daily', ['page', 'day', 'channel', 'source', 'medium', 'campaign'], ['views', 'readers']),
    page_excluded_daily: prepareUpsert(sqlite, 'page_excluded_daily', ['page', 'day', 'reason'], ['hits']),
  };
  const tables = Object.keys(statements) as (keyof BatchRow)[];

  const write = sqlite.transaction((events: RecordedEvent[]) => {
    const isNew = visitorDaysOf(events).map((row) => insertVisitorDay.run(row).changes > 0);
    const readerNews = readerDaysOf(events).map(({ page, day, visitor, read }) => {
      const key = { page, day, visitor };
      return { newReader: insertReaderDay.run(key).changes > 0, newRead: read && markRead.run(key).changes > 0 };
    });
    const rows = aggregateBatch(events, isNew, readerNews);
    for (const table of tables) {
      const statement = statements[table];
      for (const row of rows[table]) statement.run(row);
    }
  });
  // IMMEDIATE: take the write lock up front, waiting (busy_timeout) for the main connection.
  return (events) => write.immediate(events);
}
