import type { Kysely } from 'kysely';

/**
 * Clicks, unique visitors and conversions per advocate and day (all their links), kept at write
 * time: an advocate's page, their milestones and the dashboard's top advocates read this, never
 * a join of every link's rollup.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('advocate_daily')
    .addColumn('advocate_id', 'varchar(32)', (c) => c.notNull())
    .addColumn('day', 'varchar(10)', (c) => c.notNull())
    .addColumn('clicks', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('unique_visitors', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('conversions', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('advocate_daily_pk', ['advocate_id', 'day'])
    .execute();
  await db.schema.createIndex('advocate_daily_day').on('advocate_daily').column('day').execute();
  await db.schema.createIndex('share_links_advocate').on('share_links').columns(['advocate_id', 'created_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('share_links_advocate').execute();
  await db.schema.dropTable('advocate_daily').execute();
}
