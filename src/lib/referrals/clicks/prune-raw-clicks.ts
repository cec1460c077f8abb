import { PostgresAdapter, sql, type Kysely } from 'kysely';
import { ensureClickPartitions, partitionsBefore } from '../../db/click-partitions.ts';
import type { Database } from '../../db/schema.ts';
import { DAY_MS, utcDay } from '../../time/utc-day.ts';

const CHUNK_ROWS = 10_000;

/** Raw clicks older than `cutoff` on SQLite: from the oldest rowid on (clicks arrive in time order), a chunk per write. */
async function pruneSqlite(db: Kysely<Database>, cutoff: number): Promise<number> {
  let pruned = 0;
  for (;;) {
    const { rows } = await sql<{ id: number; at: number }>`select rowid as id, clicked_at as at from clicks order by rowid limit 1`.execute(db);
    const oldest = rows[0];
    if (!oldest || Number(oldest.at) >= cutoff) return pruned;
    const result = await sql`delete from clicks where rowid < ${Number(oldest.id) + CHUNK_ROWS} and clicked_at < ${cutoff}`.execute(db);
    const deleted = Number(result.numAffectedRows ?? 0);
    pruned += deleted;
    // A chunk of clicks stamped out of order (a clock step back) is left for the next run.
    if (deleted === 0) return pruned;
  }
}

/** Raw clicks older than `cutoff` on PostgreSQL: whole month partitions are dropped, the default partition's rows deleted. */
async function prunePostgres(db: Kysely<Database>, cutoff: number, now: number): Promise<number> {
  await ensureClickPartitions(db, now);
  for (const name of await partitionsBefore(db, cutoff)) await sql.raw(`drop table if exists ${name}`).execute(db);
  const result = await sql`delete from clicks_default where clicked_at < ${cutoff}`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

/**
 * Retention, run off the request path: raw clicks are kept `retentionDays` (the rollups the
 * stats read are kept for ever), and visitor_days only as long as a click can still be counted
 * on its day (today and yesterday: it exists to tell a new visitor of the day from a known one),
 * and reader_days, the same set for page readers, likewise.
 * On PostgreSQL it also makes the coming months' partitions.
 */
export async function pruneRawClicks(db: Kysely<Database>, options: { now: number; retentionDays: number }): Promise<{ clicks: number; visitorDays: number; readerDays: number }> {
  const cutoff = options.now - options.retentionDays * DAY_MS;
  const clicks = db.getExecutor().adapter instanceof PostgresAdapter ? await prunePostgres(db, cutoff, options.now) : await pruneSqlite(db, cutoff);
  const yesterday = utcDay(options.now - DAY_MS);
  const result = await db.deleteFrom('visitor_days').where('day', '<', yesterday).executeTakeFirst();
  const readers = await db.deleteFrom('reader_days').where('day', '<', yesterday).executeTakeFirst();
  // SQLite's planner statistics stay current as the rollups grow (PostgreSQL's autovacuum does this).
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) await sql`pragma optimize`.execute(db);
  return { clicks, visitorDays: Number(result.numDeletedRows ?? 0), readerDays: Number(readers.numDeletedRows ?? 0) };
}
