import type { Kysely } from 'kysely';
import type { Celebration } from '../cards/schema.ts';
import type { Database } from '../db/schema.ts';
import type { FoundWin } from './get-win.ts';
import { pickWinStory } from './pick-win-story.ts';
import { toCelebration } from './to-celebration.ts';

/** A win as its page, card and share link show it. */
export type WinView = {
  win: FoundWin;
  /** What its celebration card draws. */
  celebration: Celebration;
  /** The story it is shared with (pickWinStory); undefined: the win can be downloaded, not shared. */
  story: { slug: string; title: string; summary: string } | undefined;
  /** Search engines may index the page of a story's or the hub's win, never an advocate's. */
  indexable: boolean;
  /** The name an advocate gave for an advocate's win (shown on its card), else null. */
  advocateName: string | null;
};

/**
 * Looks wins up by public id and prepares what their page, card and link preview show. Stories
 * come from the build (`getStory`), and `isAvailable` leaves out withdrawn ones.
 */
export function createWinViews(deps: {
  db: Kysely<Database>;
  getWin(id: string): Promise<FoundWin | undefined>;
  getStory(slug: string): { slug: string; title: string; summary: string } | undefined;
  isAvailable(slug: string): boolean;
  brandName: string;
}) {
  const available = (slug: string) => deps.isAvailable(slug) && deps.getStory(slug) !== undefined;

  return {
    /**
     * The view of the win with this id; undefined for an unknown or malformed id, and for a story's
     * win whose story is no longer published.
     */
    async view(id: string): Promise<WinView | undefined> {
      const win = await deps.getWin(id);
      if (!win) return undefined;
      const [slug, advocate] = await Promise.all([
        pickWinStory(deps.db, win, available),
        win.scope === 'advocate'
          ? deps.db.selectFrom('advocates').select('name').where('id', '=', win.scopeKey).executeTakeFirst()
          : undefined,
      ]);
      const found = slug ? deps.getStory(slug) : undefined;
      const story = found && { slug: found.slug, title: found.title, summary: found.summary };
      // A story's win lives and goes with its story.
      if (win.scope === 'story' && !story) return undefined;
      return {
        win,
        celebration: toCelebration(win, { brandName: deps.brandName, storyTitle: story?.title, advocateName: advocate?.name }),
        story,
        indexable: win.scope !== 'advocate',
        advocateName: advocate?.name ?? null,
      };
    },
  };
}

export type WinViews = ReturnType<typeof createWinViews>;
