import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { MilestoneScope } from '../momentum/schema.ts';
import { periodBounds, type ClosedPeriod } from './closed-period.ts';

/** A milestone reached, as the dashboard's momentum timeline lists it. */
export type TimelineWin = { id: string | null; milestone: string; scope: string; scopeKey: string; value: number; reachedAt: number; advocateName: string | null };

/** Milestones reached in the period (of one scope, or all), newest first, up to `limit`, with advocates' chosen names. */
export async function getWinTimeline(db: Kysely<Database>, period: ClosedPeriod, limit: number, scope?: MilestoneScope): Promise<TimelineWin[]> {
  const { start, end } = periodBounds(period);
  let query = db
    .selectFrom('milestones_reached as m')
    .leftJoin('advocates as a', (join) => join.onRef('a.id', '=', 'm.scope_key').on('m.scope', '=', 'advocate'))
    .select(['m.win_id', 'm.milestone', 'm.scope', 'm.scope_key', 'm.value', 'm.reached_at', 'a.name'])
    .where('m.reached_at', '>=', start)
    .where('m.reached_at', '<', end)
    .orderBy('m.reached_at', 'desc')
    .orderBy('m.milestone')
    .limit(limit);
  if (scope) query = query.where('m.scope', '=', scope);
  const rows = await query.execute();
  return rows.map((row) => ({
    id: row.win_id,
    milestone: row.milestone,
    scope: row.scope,
    scopeKey: row.scope_key,
    value: Number(row.value),
    reachedAt: Number(row.reached_at),
    advocateName: row.name ?? null,
  }));
}
