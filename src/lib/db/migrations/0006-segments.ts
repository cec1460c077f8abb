import type { Kysely } from 'kysely';

/**
 * Clicks and unique visitors per story, day and segment (device class, referrer host, country
 * from a trusted proxy header), kept at write time so segment breakdowns never scan raw clicks.
 * A visitor counts as unique in the segment of their first click of the day on a link.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('clicks').addColumn('country', 'varchar(2)').execute();
  await db.schema
    .createTable('segment_daily')
    .addColumn('story_slug', 'varchar(160)', (c) => c.notNull())
    .addColumn('day', 'varchar(10)', (c) => c.notNull())
    .addColumn('dimension', 'varchar(16)', (c) => c.notNull())
    .addColumn('value', 'varchar(255)', (c) => c.notNull())
    .addColumn('clicks', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('unique_visitors', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('segment_daily_pk', ['story_slug', 'day', 'dimension', 'value'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('segment_daily').execute();
  await db.schema.alterTable('clicks').dropColumn('country').execute();
}
