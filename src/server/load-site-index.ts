import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { heroSchema } from '../lib/stories/schema.ts';

const siteIndexSchema = z.object({
  brand: z.object({ name: z.string(), causes: z.array(z.object({ slug: z.string(), name: z.string() })).default([]) }),
  stories: z.array(
    z.object({
      slug: z.string(),
      title: z.string(),
      summary: z.string(),
      hero: heroSchema,
      customer: z.object({ name: z.string() }),
      cause: z.string(),
      intent: z.string(),
    }),
  ),
});

export type SiteIndex = z.infer<typeof siteIndexSchema> & {
  getStory(slug: string): SiteIndex['stories'][number] | undefined;
};

/** The published stories of the build (dist/client/api/stories.json), validated. */
export function loadSiteIndex(clientDir: string): SiteIndex {
  const file = path.join(clientDir, 'api', 'stories.json');
  const index = siteIndexSchema.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
  const bySlug = new Map(index.stories.map((story) => [story.slug, story]));
  return { ...index, getStory: (slug) => bySlug.get(slug) };
}
