import { PostgresAdapter, sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

const CHUNK_ROWS = 50_000;

/**
 * Deletes the raw clicks of these links. Raw clicks have no index by link (each one would cost
 * every click a page write), so on SQLite the table is walked in rowid ranges, each range its
 * own short write: the click writer keeps committing in between. PostgreSQL deletes in one
 * statement (its row locks do not hold up inserts).
 */
export async function eraseRawClicks(db: Kysely<Database>, codes: readonly string[]): Promise<number> {
  if (codes.length === 0) return 0;
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    const result = await sql`delete from clicks where code = any(${[...codes]})`.execute(db);
    return Number(result.numAffectedRows ?? 0);
  }
  const { rows } = await sql<{ first: number | null; last: number | null }>`select min(rowid) as first, max(rowid) as last from clicks`.execute(db);
  const first = Number(rows[0]?.first ?? 0);
  const last = Number(rows[0]?.last ?? -1);
  const list = JSON.stringify(codes);
  let erased = 0;
  for (let from = first; from <= last; from += CHUNK_ROWS) {
    const result = await sql`delete from clicks where rowid >= ${from} and rowid < ${from + CHUNK_ROWS}
      and code in (select value from json_each(${list}))`.execute(db);
    erased += Number(result.numAffectedRows ?? 0);
  }
  return erased;
}
