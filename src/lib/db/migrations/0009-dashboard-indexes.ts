import { sql, type Kysely } from 'kysely';

/**
 * Covering indexes for the dashboard's period reads: ranking every link or advocate by clicks
 * in a period walks one index in key order (no table lookups, no sort for the grouping), the
 * overview reads a period of story_daily from one index range, and cycle times find the links
 * made in a period from one index: each link keeps its cycle time (time since its parent was
 * made) from the moment it is created.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('share_links').addColumn('cycle_ms', 'bigint').execute();
  await sql`update share_links set cycle_ms = created_at - (select p.created_at from share_links p where p.code = share_links.parent_code)
    where parent_code is not null`.execute(db);
  await db.schema.createIndex('link_daily_sums').on('link_daily').columns(['code', 'day', 'clicks', 'unique_visitors', 'conversions']).execute();
  await db.schema.dropIndex('advocate_daily_day').execute();
  await db.schema.createIndex('advocate_daily_sums').on('advocate_daily').columns(['advocate_id', 'day', 'clicks', 'unique_visitors', 'conversions']).execute();
  await db.schema
    .createIndex('story_daily_days')
    .on('story_daily')
    .columns(['day', 'story_slug', 'channel', 'generation', 'shares', 'reshares', 'clicks', 'unique_visitors', 'conversions'])
    .execute();
  await db.schema.createIndex('excluded_daily_days').on('excluded_daily').columns(['day', 'reason', 'hits']).execute();
  await db.schema.createIndex('share_links_created').on('share_links').columns(['created_at', 'cycle_ms']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('share_links_created').execute();
  await db.schema.dropIndex('excluded_daily_days').execute();
  await db.schema.alterTable('share_links').dropColumn('cycle_ms').execute();
  await db.schema.dropIndex('story_daily_days').execute();
  await db.schema.dropIndex('advocate_daily_sums').execute();
  await db.schema.createIndex('advocate_daily_day').on('advocate_daily').column('day').execute();
  await db.schema.dropIndex('link_daily_sums').execute();
}
