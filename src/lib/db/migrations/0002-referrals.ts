import type { Kysely } from 'kysely';

/**
 * Share links, clicks and conversions, plus the rollups the stats read (kept up to date at
 * write time). Times are epoch milliseconds; days are UTC 'YYYY-MM-DD'.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('advocates')
    .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
    .addColumn('name', 'varchar(80)')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('share_links')
    .addColumn('code', 'varchar(16)', (c) => c.primaryKey())
    .addColumn('story_slug', 'varchar(160)', (c) => c.notNull())
    .addColumn('channel', 'varchar(16)', (c) => c.notNull())
    .addColumn('advocate_id', 'varchar(32)', (c) => c.notNull().references('advocates.id'))
    .addColumn('advocate_name', 'varchar(80)')
    .addColumn('parent_code', 'varchar(16)', (c) => c.references('share_links.code'))
    .addColumn('generation', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('share_links_advocate_story_channel', ['advocate_id', 'story_slug', 'channel'])
    .execute();
  await db.schema.createIndex('share_links_story').on('share_links').columns(['story_slug', 'created_at']).execute();
  await db.schema.createIndex('share_links_parent').on('share_links').column('parent_code').execute();

  await db.schema
    .createTable('clicks')
    .addColumn('code', 'varchar(16)', (c) => c.notNull())
    .addColumn('clicked_at', 'bigint', (c) => c.notNull())
    .addColumn('visitor', 'varchar(32)', (c) => c.notNull())
    .addColumn('device', 'varchar(8)', (c) => c.notNull())
    .addColumn('referrer_host', 'varchar(255)')
    .execute();
  await db.schema.createIndex('clicks_code').on('clicks').columns(['code', 'clicked_at']).execute();

  await db.schema
    .createTable('visitor_days')
    .addColumn('code', 'varchar(16)', (c) => c.notNull())
    .addColumn('day', 'varchar(10)', (c) => c.notNull())
    .addColumn('visitor', 'varchar(32)', (c) => c.notNull())
    .addPrimaryKeyConstraint('visitor_days_pk', ['code', 'day', 'visitor'])
    .execute();

  await db.schema
    .createTable('conversions')
    .addColumn('goal', 'varchar(40)', (c) => c.notNull())
    .addColumn('code', 'varchar(16)')
    .addColumn('converted_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('link_daily')
    .addColumn('code', 'varchar(16)', (c) => c.notNull())
    .addColumn('day', 'varchar(10)', (c) => c.notNull())
    .addColumn('clicks', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('unique_visitors', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('conversions', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('link_daily_pk', ['code', 'day'])
    .execute();

  // Per story, day, channel and generation: the story stats read only these rows.
  await db.schema
    .createTable('story_daily')
    .addColumn('story_slug', 'varchar(160)', (c) => c.notNull())
    .addColumn('day', 'varchar(10)', (c) => c.notNull())
    .addColumn('channel', 'varchar(16)', (c) => c.notNull())
    .addColumn('generation', 'integer', (c) => c.notNull())
    .addColumn('shares', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('reshares', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('clicks', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('unique_visitors', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('conversions', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('story_daily_pk', ['story_slug', 'day', 'channel', 'generation'])
    .execute();

  await db.schema
    .createTable('excluded_daily')
    .addColumn('code', 'varchar(16)', (c) => c.notNull())
    .addColumn('day', 'varchar(10)', (c) => c.notNull())
    .addColumn('reason', 'varchar(16)', (c) => c.notNull())
    .addColumn('hits', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('excluded_daily_pk', ['code', 'day', 'reason'])
    .execute();

  await db.schema
    .createTable('visitor_salts')
    .addColumn('day', 'varchar(10)', (c) => c.primaryKey())
    .addColumn('salt', 'varchar(64)', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['visitor_salts', 'excluded_daily', 'story_daily', 'link_daily', 'conversions', 'visitor_days', 'clicks', 'share_links', 'advocates']) {
    await db.schema.dropTable(table).execute();
  }
}
