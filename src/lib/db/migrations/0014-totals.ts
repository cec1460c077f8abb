import { PostgresAdapter, sql, type Kysely } from 'kysely';
import { DAY_MS } from '../../time/utc-day.ts';

const TOTALS = {
  link_totals: { key: 'code', size: 16, from: 'link_daily' },
  advocate_totals: { key: 'advocate_id', size: 32, from: 'advocate_daily' },
} as const;

/**
 * Lifetime clicks and conversions per link and per advocate (the sums of link_daily and
 * advocate_daily over every day), each with an index in descending order. A ranking over a
 * period walks these in order and stops once no link's lifetime can beat the last of the page
 * (src/lib/analytics/rank-by-period.ts): with 500,000 links, a page of the ranking reads a few
 * thousand rows instead of millions. Unique visitors need no total: they never exceed clicks.
 */

export async function up(db: Kysely<unknown>): Promise<void> {
  const withoutRowid = db.getExecutor().adapter instanceof PostgresAdapter ? '' : ' without rowid';
  for (const [table, { key, size, from }] of Object.entries(TOTALS)) {
    await sql.raw(`create table ${table} (${key} varchar(${size}) not null primary key,
      clicks integer not null default 0, conversions integer not null default 0)${withoutRowid}`).execute(db);
    await sql.raw(`insert into ${table} (${key}, clicks, conversions)
      select ${key}, sum(clicks), sum(conversions) from ${from} group by ${key}`).execute(db);
    await sql.raw(`create index ${table}_clicks on ${table} (clicks desc, ${key})`).execute(db);
    await sql.raw(`create index ${table}_conversions on ${table} (conversions desc, ${key})`).execute(db);
  }
  // Cycle-time medians read at their rank (src/lib/analytics/get-cycle-medians.ts): reshares by
  // UTC day and cycle time, and by cycle time alone, only the links that have one.
  await sql.raw(`create index share_links_cycle_day on share_links ((created_at / ${DAY_MS}), cycle_ms) where cycle_ms is not null`).execute(db);
  await sql.raw(`create index share_links_cycle on share_links (cycle_ms, created_at) where cycle_ms is not null`).execute(db);
}
