import { PostgresAdapter, sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../db/schema.ts';
import { DAY_MS } from '../time/utc-day.ts';

/** The UTC day number of a share link, written exactly as the share_links_cycle_day index (migration 0014) has it. */
const DAY_NUMBER = sql.raw(`created_at / ${DAY_MS}`);

const toSeconds = (lo: unknown, hi: unknown) => Math.round((Number(lo) + Number(hi)) / 2 / 1000);

/**
 * The median cycle time (seconds from a link to the reshare made from it) of the reshares made
 * in [start, end), whole UTC days, and of each of those days: the same numbers as sorting every
 * cycle (medianSeconds), without reading them. Each median is read at its rank from an index
 * sorted by cycle time (the middle one, or the two middle ones averaged), so a period with
 * 300,000 reshares reads two rows per day instead of 300,000.
 */
export async function getCycleMedians(db: Kysely<Database>, start: number, end: number): Promise<{ total: number | null; byDay: Map<number, number> }> {
  const first = Math.floor(start / DAY_MS);
  const last = Math.ceil(end / DAY_MS);
  const counts = sql<{ day: number; n: number }>`select ${DAY_NUMBER} as day, count(*) as n from share_links
    where cycle_ms is not null and ${DAY_NUMBER} >= ${first} and ${DAY_NUMBER} < ${last} group by ${DAY_NUMBER}`;
  const atRank = (day: number | RawBuilder<unknown>, offset: number | RawBuilder<unknown>) =>
    sql<number>`(select s.cycle_ms from share_links s where s.cycle_ms is not null and s.${DAY_NUMBER} = ${day} order by s.cycle_ms limit 1 offset ${offset})`;
  let days: { day: number; n: number; lo: number; hi: number }[];
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    // One statement: PostgreSQL takes the outer row's count in a subquery's OFFSET.
    const rows = await sql<{ day: number; n: number; lo: number; hi: number }>`select c.day, c.n,
      ${atRank(sql`c.day`, sql`(c.n - 1) / 2`)} as lo, ${atRank(sql`c.day`, sql`c.n / 2`)} as hi from (${counts}) c`.execute(db);
    days = rows.rows;
  } else {
    // SQLite does not: two small reads per day (in process, a few microseconds each).
    days = [];
    for (const { day, n } of (await counts.execute(db)).rows) {
      const [lo, hi] = await Promise.all([sql<{ v: number }>`select ${atRank(Number(day), Math.floor((Number(n) - 1) / 2))} as v`.execute(db), sql<{ v: number }>`select ${atRank(Number(day), Math.floor(Number(n) / 2))} as v`.execute(db)]);
      days.push({ day: Number(day), n: Number(n), lo: lo.rows[0]!.v, hi: hi.rows[0]!.v });
    }
  }
  const byDay = new Map(days.map((row) => [Number(row.day) * DAY_MS, toSeconds(row.lo, row.hi)]));
  const n = days.reduce((total, row) => total + Number(row.n), 0);
  if (n === 0) return { total: null, byDay };
  const at = (offset: number) =>
    sql<{ cycle_ms: number }>`select cycle_ms from share_links where cycle_ms is not null and created_at >= ${first * DAY_MS} and created_at < ${last * DAY_MS}
      order by cycle_ms limit 1 offset ${offset}`.execute(db);
  const [lo, hi] = await Promise.all([at(Math.floor((n - 1) / 2)), at(Math.floor(n / 2))]);
  return { total: toSeconds(lo.rows[0]!.cycle_ms, hi.rows[0]!.cycle_ms), byDay };
}
