import { PostgresAdapter, sql, type Kysely } from 'kysely';

/**
 * Readers of the hub's pages, counted from the beacon (POST /api/event) as daily rollups:
 * page_daily (views, readers, reads per page and day), source_daily (views and new readers per
 * page, day and source: channel, source, medium, campaign), page_excluded_daily (fetches that
 * were not people, per page, day and reason). reader_days is the per-day set of visitor hashes
 * that tells a new reader (and a first read) from a known one; like visitor_days it is kept only
 * two days. Nothing here holds an address, a user agent or a cookie.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const withoutRowid = db.getExecutor().adapter instanceof PostgresAdapter ? sql`` : sql` without rowid`;
  await sql`create table reader_days (page varchar(200) not null, day varchar(10) not null, visitor varchar(32) not null,
    has_read integer not null default 0, primary key (page, day, visitor))${withoutRowid}`.execute(db);
  await sql`create table page_daily (page varchar(200) not null, day varchar(10) not null,
    views integer not null default 0, readers integer not null default 0, reads integer not null default 0,
    primary key (page, day))${withoutRowid}`.execute(db);
  await sql`create table source_daily (page varchar(200) not null, day varchar(10) not null, channel varchar(16) not null,
    source varchar(100) not null, medium varchar(100) not null, campaign varchar(100) not null,
    views integer not null default 0, readers integer not null default 0,
    primary key (page, day, channel, source, medium, campaign))${withoutRowid}`.execute(db);
  await sql`create table page_excluded_daily (page varchar(200) not null, day varchar(10) not null, reason varchar(16) not null,
    hits integer not null default 0, primary key (page, day, reason))${withoutRowid}`.execute(db);
  await db.schema.createIndex('page_daily_days').on('page_daily').columns(['day', 'page']).execute();
  await db.schema.createIndex('source_daily_days').on('source_daily').columns(['day']).execute();
  // The stats split conversions per goal into attributed and unattributed, over a period.
  await db.schema.createIndex('conversions_time').on('conversions').columns(['converted_at', 'goal', 'code']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('conversions_time').execute();
  for (const table of ['page_excluded_daily', 'source_daily', 'page_daily', 'reader_days']) await db.schema.dropTable(table).execute();
}
