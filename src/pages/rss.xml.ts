import rss from '@astrojs/rss';
import type { APIRoute } from 'astro';
import { loadCatalog } from '../lib/stories/load-catalog.ts';

/** The feed of published stories, newest first. */
export const GET: APIRoute = async ({ site }) => {
  const catalog = await loadCatalog();
  return rss({
    title: `${catalog.brand.name} stories`,
    description: catalog.brand.purpose,
    site: site ?? 'http://localhost:4321',
    items: catalog.stories.map((story) => ({
      title: story.data.title,
      description: story.data.summary,
      link: `/stories/${story.data.slug}/`,
      pubDate: story.data.publishedAt,
      categories: [story.data.cause, ...story.data.tags],
    })),
  });
};
