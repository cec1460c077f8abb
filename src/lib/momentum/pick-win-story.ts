import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { FoundWin } from './get-win.ts';

/** How many candidate stories are read before giving up on finding a published one. */
const CANDIDATES = 20;

/**
 * The story a win is shared with (its share links point there, its card names it):
 * - a story's win: that story;
 * - an advocate's win: the story of their links with the most clicks (the earliest shared first
 *   on a tie), since their wins come from those links;
 * - the hub's win: the story with the most clicks of all, the one most likely to travel again.
 * `isAvailable` says whether a story is published and not withdrawn; undefined when no story fits
 * (a hub without clicks yet: its win can be downloaded but not shared).
 */
export async function pickWinStory(db: Kysely<Database>, win: FoundWin, isAvailable: (slug: string) => boolean): Promise<string | undefined> {
  if (win.scope === 'story') return win.story && isAvailable(win.story) ? win.story : undefined;
  const { rows } =
    win.scope === 'advocate'
      ? await sql<{ slug: string }>`
          select s.story_slug as slug
          from share_links s left join link_daily d on d.code = s.code
          where s.advocate_id = ${win.scopeKey}
          group by s.story_slug
          order by coalesce(sum(d.clicks), 0) desc, min(s.created_at) asc, s.story_slug asc
          limit ${CANDIDATES}`.execute(db)
      : await sql<{ slug: string }>`
          select story_slug as slug from story_daily
          group by story_slug
          order by sum(clicks) desc, story_slug asc
          limit ${CANDIDATES}`.execute(db);
  return rows.map((row) => row.slug).find(isAvailable);
}
