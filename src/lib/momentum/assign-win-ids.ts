import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { winId } from './win-id.ts';

/**
 * Gives every recorded win that has no public id yet its id (wins recorded before migration
 * 0008). Runs at start-up; idempotent, and instances doing it at once write the same ids.
 * Returns how many rows it updated.
 */
export async function assignWinIds(db: Kysely<Database>, secret: Buffer): Promise<number> {
  const rows = await db.selectFrom('milestones_reached').select(['milestone', 'scope_key']).where('win_id', 'is', null).execute();
  for (const row of rows) {
    await db
      .updateTable('milestones_reached')
      .set({ win_id: winId(secret, row.milestone, row.scope_key) })
      .where('milestone', '=', row.milestone)
      .where('scope_key', '=', row.scope_key)
      .execute();
  }
  return rows.length;
}
