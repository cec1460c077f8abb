import type { MilestonesReachedTable } from '../db/schema.ts';
import type { Milestone, MilestoneScope } from './schema.ts';

/** A milestone a story, an advocate or the hub has reached, as the hub shows it. */
export type Win = {
  /** Public id (win-id.ts): names the win in URLs without revealing its scope key. */
  id: string;
  /** The milestone's id (its file name in content/milestones). */
  milestone: string;
  name: string;
  message: string;
  scope: MilestoneScope;
  /** Story slug, advocate id, or '' for the hub: private for advocates, never put it in a URL. */
  scopeKey: string;
  /** The metric's value when the milestone was found crossed (at least its threshold). */
  value: number;
  /** When it was recorded (ms since the epoch). */
  reachedAt: number;
};

/** A recorded row with its milestone as a Win (its id must already be assigned). */
export function toWin(row: MilestonesReachedTable & { win_id: string }, milestone: Milestone): Win {
  return {
    id: row.win_id,
    milestone: row.milestone,
    name: milestone.name,
    message: milestone.message,
    scope: row.scope as MilestoneScope,
    scopeKey: row.scope_key,
    value: Number(row.value),
    reachedAt: Number(row.reached_at),
  };
}
