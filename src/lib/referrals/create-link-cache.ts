import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

export type CachedLink = { code: string; storySlug: string; channel: string; generation: number; advocateId: string };

/**
 * Share links never change story, channel or generation once made, so the redirect hot path
 * keeps them in memory (bounded, oldest dropped first) and asks the database once per link.
 */
export function createLinkCache(db: Kysely<Database>, capacity = 50_000) {
  const cache = new Map<string, CachedLink>();
  return {
    async get(code: string): Promise<CachedLink | undefined> {
      const hit = cache.get(code);
      if (hit) return hit;
      const row = await db
        .selectFrom('share_links')
        .select(['code', 'story_slug', 'channel', 'generation', 'advocate_id'])
        .where('code', '=', code)
        .executeTakeFirst();
      if (!row) return undefined;
      const link = { code: row.code, storySlug: row.story_slug, channel: row.channel, generation: Number(row.generation), advocateId: row.advocate_id };
      if (cache.size >= capacity) cache.delete(cache.keys().next().value!);
      cache.set(code, link);
      return link;
    },
    /** Drops the links of a story (withdrawn by its author: its links are deleted). */
    forgetStory(slug: string): void {
      for (const [code, link] of cache) if (link.storySlug === slug) cache.delete(code);
    },
  };
}

export type LinkCache = ReturnType<typeof createLinkCache>;
