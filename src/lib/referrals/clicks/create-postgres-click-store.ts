import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database, VisitorDaysTable } from '../../db/schema.ts';
import { aggregateBatch, readerDaysOf, visitorDaysOf, type ReaderDay, type ReaderNews, type BatchColumn, type BatchRow, type RollupTable } from './aggregate-batch.ts';
import type { ClickStore } from './click-store.ts';
import type { RecordedEvent } from './traffic-event.ts';

/** Rows per multi-row statement: 2,000 rows of at most six columns stay far below PostgreSQL's 65,535 bind parameters. */
const ROWS_PER_STATEMENT = 2_000;

/**
 * A multi-row upsert into a rollup: a new key is inserted, an existing row's counters add the
 * batch's (`column = <table>.column + excluded.column`).
 */
function upsert<Table extends RollupTable>(table: Table, keys: BatchColumn<Table>[], counters: BatchColumn<Table>[]) {
  const columns = [...keys, ...counters];
  const names = (list: string[]) => sql.join(list.map((column) => sql.ref(column)));
  const add = sql.join(counters.map((column) => sql`${sql.ref(column)} = ${sql.ref(`${table}.${column}`)} + ${sql.ref(`excluded.${column}`)}`));
  return (trx: Transaction<Database>, rows: BatchRow[Table][]) =>
    sql`insert into ${sql.table(table)} (${names(columns)})
      values ${sql.join(rows.map((row) => sql`(${sql.join(columns.map((column) => row[column]))})`))}
      on conflict (${names(keys)}) do update set ${add}`.execute(trx);
}

type Statements = { [Table in keyof BatchRow]: (trx: Transaction<Database>, rows: BatchRow[Table][]) => Promise<unknown> };

/** One multi-row statement per table of the batch, in the order they run. */
const statements: Statements = {
  clicks: (trx, rows) => trx.insertInto('clicks').values(rows).execute(),
  link_daily: upsert('link_daily', ['code', 'day'], ['clicks', 'unique_visitors']),
  story_daily: upsert('story_daily', ['story_slug', 'day', 'channel', 'generation'], ['clicks', 'unique_visitors']),
  advocate_daily: upsert('advocate_daily', ['advocate_id', 'day'], ['clicks', 'unique_visitors']),
  segment_daily: upsert('segment_daily', ['story_slug', 'day', 'dimension', 'value'], ['clicks', 'unique_visitors']),
  excluded_daily: upsert('excluded_daily', ['code', 'day', 'reason'], ['hits']),
  link_totals: upsert('link_totals', ['code'], ['clicks']),
  advocate_totals: upsert('advocate_totals', ['advocate_id'], ['clicks']),
  page_daily: upsert('page_daily', ['page', 'day'], ['views', 'readers', 'reads']),
  source_daily: upsert('source_daily', ['page', 'day', 'channel', 'source', 'medium', 'campaign'], ['views', 'readers']),
  page_excluded_daily: upsert('page_excluded_daily', ['page', 'day', 'reason'], ['hits']),
};
const tables = Object.keys(statements) as (keyof BatchRow)[];

/** Runs `statement` over `rows`, at most ROWS_PER_STATEMENT at a time; none for no rows. */
async function inChunks<Row>(rows: Row[], statement: (chunk: Row[]) => Promise<unknown>): Promise<void> {
  for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) await statement(rows.slice(start, start + ROWS_PER_STATEMENT));
}

/** Writes a table's rows of the batch with its statement. */
function write<Table extends keyof BatchRow>(trx: Transaction<Database>, table: Table, rows: BatchRow[Table][]): Promise<void> {
  return inChunks(rows, (chunk) => statements[table](trx, chunk));
}

const visitorDayKey = (row: VisitorDaysTable) => `${row.code}|${row.day}|${row.visitor}`;
const readerDayKey = (row: { page: string; day: string; visitor: string }) => `${row.page}|${row.day}|${row.visitor}`;

/**
 * What reader_days says of the batch's page events: rows inserted are new readers; reads that
 * set has_read (one update over the batch's reads) are first reads. A key twice in the batch is
 * new only at its first event (or first read).
 */
async function readerNewsOf(trx: Transaction<Database>, readerDays: ReaderDay[]): Promise<ReaderNews[]> {
  const inserted = new Set<string>();
  const firstReads = new Set<string>();
  const keys = readerDays.map(({ page, day, visitor }) => ({ page, day, visitor }));
  await inChunks(keys, async (chunk) => {
    const rows = await trx.insertInto('reader_days').values(chunk).onConflict((conflict) => conflict.doNothing()).returning(['page', 'day', 'visitor']).execute();
    for (const row of rows) inserted.add(readerDayKey(row));
  });
  await inChunks(readerDays.filter((row) => row.read), async (chunk) => {
    const values = sql.join(chunk.map((row) => sql`(${row.page}, ${row.day}, ${row.visitor})`));
    const { rows } = await sql<{ page: string; day: string; visitor: string }>`update reader_days r set has_read = 1
      from (values ${values}) as v (page, day, visitor)
      where r.page = v.page and r.day = v.day and r.visitor = v.visitor and r.has_read = 0
      returning r.page, r.day, r.visitor`.execute(trx);
    for (const row of rows) firstReads.add(readerDayKey(row));
  });
  return readerDays.map((row) => {
    const key = readerDayKey(row);
    return { newReader: inserted.delete(key), newRead: row.read && firstReads.delete(key) };
  });
}

/**
 * The PostgreSQL click store: each batch in one transaction of multi-row statements over the
 * rows of aggregateBatch. visitor_days goes first; the rows it `returning`s are the new visitors
 * (and reader_days', the new readers).
 */
export function createPostgresClickStore(db: Kysely<Database>): ClickStore {
  return {
    // One transaction at a time: concurrent upserts of the same rollup rows could deadlock.
    maxInFlight: 1,
    maxBatch: 2_000,
    async writeBatch(events: RecordedEvent[]) {
      await db.transaction().execute(async (trx) => {
        const visitorDays = visitorDaysOf(events);
        const inserted = new Set<string>();
        await inChunks(visitorDays, async (chunk) => {
          const rows = await trx.insertInto('visitor_days').values(chunk).onConflict((conflict) => conflict.doNothing()).returning(['code', 'day', 'visitor']).execute();
          for (const row of rows) inserted.add(visitorDayKey(row));
        });
        // A visitor-day twice in the batch is inserted once: only its first click is new.
        const isNew = visitorDays.map((row) => inserted.delete(visitorDayKey(row)));
        const rows = aggregateBatch(events, isNew, await readerNewsOf(trx, readerDaysOf(events)));
        for (const table of tables) await write(trx, table, rows[table]);
      });
    },
    close: async () => undefined,
  };
}
