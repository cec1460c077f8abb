import type { Kysely } from 'kysely';

/**
 * Milestones reached: one row per milestone and scope key (a story slug, an advocate id, or ''
 * for the whole hub), so recording is idempotent even with several instances.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('milestones_reached')
    .addColumn('milestone', 'varchar(120)', (c) => c.notNull())
    .addColumn('scope', 'varchar(16)', (c) => c.notNull())
    .addColumn('scope_key', 'varchar(160)', (c) => c.notNull())
    .addColumn('value', 'integer', (c) => c.notNull())
    .addColumn('reached_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('milestones_reached_pk', ['milestone', 'scope_key'])
    .execute();
  await db.schema.createIndex('milestones_reached_scope').on('milestones_reached').columns(['scope', 'scope_key']).execute();
  await db.schema.createIndex('milestones_reached_time').on('milestones_reached').column('reached_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('milestones_reached').execute();
}
