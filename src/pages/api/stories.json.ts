import type { APIRoute } from 'astro';
import { loadCatalog } from '../../lib/stories/load-catalog.ts';

/**
 * The published stories as the hub's Node server needs them (share validation, redirect
 * targets, link previews): written into the build, read once at start-up.
 */
export const GET: APIRoute = async () => {
  const catalog = await loadCatalog();
  const body = {
    brand: { name: catalog.brand.name, causes: catalog.brand.causes.map(({ slug, name }) => ({ slug, name })) },
    stories: catalog.stories.map(({ data }) => ({
      slug: data.slug,
      title: data.title,
      summary: data.summary,
      hero: data.hero,
      customer: { name: data.customer.name },
      cause: data.cause,
      intent: data.intent,
    })),
  };
  return new Response(JSON.stringify(body), { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
};
