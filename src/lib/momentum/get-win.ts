import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { winIdSchema, type Milestone, type MilestoneMetric } from './schema.ts';
import { toWin, type Win } from './to-win.ts';

/** A win found by its public id, with what its milestone counts and, for a story's win, the story. */
export type FoundWin = Win & {
  metric: MilestoneMetric;
  threshold: number;
  /** The story's slug for a story's win; null for an advocate's or the hub's. */
  story: string | null;
};

/**
 * The recorded win with this public id, or undefined for a malformed or unknown id and for a win
 * of a milestone an editor has since deleted.
 */
export async function getWin(db: Kysely<Database>, milestones: readonly Milestone[], id: string): Promise<FoundWin | undefined> {
  const parsed = winIdSchema.safeParse(id);
  if (!parsed.success) return undefined;
  const row = await db.selectFrom('milestones_reached').selectAll().where('win_id', '=', parsed.data).executeTakeFirst();
  const milestone = row && milestones.find((candidate) => candidate.id === row.milestone);
  if (!row || !milestone) return undefined;
  return {
    ...toWin({ ...row, win_id: parsed.data }, milestone),
    metric: milestone.metric,
    threshold: milestone.threshold,
    story: row.scope === 'story' ? row.scope_key : null,
  };
}
