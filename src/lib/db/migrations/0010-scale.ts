import { PostgresAdapter, sql, type Kysely } from 'kysely';
import { monthPartitions } from '../click-partitions.ts';

const CLUSTERED = {
  link_daily: { key: 'code', size: 16 },
  advocate_daily: { key: 'advocate_id', size: 32 },
} as const;

/**
 * SQLite: every click writes a page of each B-tree it touches, so fewer trees per click means
 * cheaper commits. link_daily and advocate_daily become WITHOUT ROWID tables clustered on their
 * key (one tree holds the rows in the order the covering indexes of 0009 kept, which go);
 * visitor_days (only ever looked up by its key) becomes one clustered tree too; the raw clicks'
 * index goes (nothing reads raw clicks by link but a story's erasure, which scans in chunks).
 */
async function upSqlite(db: Kysely<unknown>): Promise<void> {
  for (const [table, { key, size }] of Object.entries(CLUSTERED)) {
    await sql.raw(`create table ${table}_new (${key} varchar(${size}) not null, day varchar(10) not null,
      clicks integer not null default 0, unique_visitors integer not null default 0, conversions integer not null default 0,
      primary key (${key}, day)) without rowid`).execute(db);
    await sql.raw(`insert into ${table}_new select ${key}, day, clicks, unique_visitors, conversions from ${table}`).execute(db);
    await sql.raw(`drop table ${table}`).execute(db);
    await sql.raw(`alter table ${table}_new rename to ${table}`).execute(db);
  }
  await sql`create table visitor_days_new (code varchar(16) not null, day varchar(10) not null, visitor varchar(32) not null,
    primary key (code, day, visitor)) without rowid`.execute(db);
  await sql`insert into visitor_days_new select code, day, visitor from visitor_days`.execute(db);
  await sql`drop table visitor_days`.execute(db);
  await sql`alter table visitor_days_new rename to visitor_days`.execute(db);
  await sql`drop index if exists clicks_code`.execute(db);
}

/**
 * PostgreSQL: raw clicks become a table partitioned by month of clicked_at (epoch ms), so
 * retention drops whole partitions; a default partition takes any click outside the months made
 * so far (the maintenance job makes the next ones ahead of time). Existing clicks move over.
 */
async function upPostgres(db: Kysely<unknown>): Promise<void> {
  const { rows } = await sql<{ first: string | null; last: string | null }>`select min(clicked_at) as first, max(clicked_at) as last from clicks`.execute(db);
  await sql`alter table clicks rename to clicks_unpartitioned`.execute(db);
  await sql`drop index if exists clicks_code`.execute(db);
  await sql`create table clicks (code varchar(16) not null, clicked_at bigint not null, visitor varchar(32) not null,
    device varchar(8) not null, referrer_host varchar(255), country varchar(2)) partition by range (clicked_at)`.execute(db);
  await sql`create table clicks_default partition of clicks default`.execute(db);
  const now = Date.now();
  const from = Math.min(Number(rows[0]?.first ?? now), now);
  const to = Math.max(Number(rows[0]?.last ?? now), now);
  for (const part of monthPartitions(from, to)) {
    await sql.raw(`create table ${part.name} partition of clicks for values from (${part.start}) to (${part.end})`).execute(db);
  }
  await sql`insert into clicks select code, clicked_at, visitor, device, referrer_host, country from clicks_unpartitioned`.execute(db);
  await sql`drop table clicks_unpartitioned`.execute(db);
}

export async function up(db: Kysely<unknown>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) await upPostgres(db);
  else await upSqlite(db);
}
