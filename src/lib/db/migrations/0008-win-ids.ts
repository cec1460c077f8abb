import type { Kysely } from 'kysely';

/**
 * A public id per recorded win (milestones_reached.win_id): win pages, their share cards and
 * share links name a win by it, never by its scope key (an advocate's id must stay private).
 * Nullable because rows recorded before this migration get theirs at start-up (the id is a keyed
 * hash made with a secret this migration does not know: see src/lib/momentum/assign-win-ids.ts).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('milestones_reached').addColumn('win_id', 'varchar(32)').execute();
  await db.schema.createIndex('milestones_reached_win_id').on('milestones_reached').column('win_id').unique().execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('milestones_reached_win_id').execute();
  await db.schema.alterTable('milestones_reached').dropColumn('win_id').execute();
}
