import type { APIRoute } from 'astro';
import type { CardIndex } from '../../lib/cards/schema.ts';
import { journeyCardContent, storyCardContent } from '../../lib/cards/to-card-content.ts';
import { loadCatalog } from '../../lib/stories/load-catalog.ts';

/**
 * Everything the share cards of the published stories and journeys draw, written into the build:
 * the hub's server renders cards from it, and so does the build itself (src/server/cards/).
 */
export const GET: APIRoute = async ({ site }) => {
  const catalog = await loadCatalog();
  const { brand } = catalog;
  const body: CardIndex = {
    brand: { name: brand.name, colors: brand.colors, logo: brand.logo, host: (site ?? new URL('http://localhost:4321')).host },
    cards: [
      ...catalog.stories.map(({ data }) => storyCardContent(data, catalog.getCause(data.cause))),
      ...catalog.journeys.map(({ data }) => journeyCardContent(data, catalog.getCause(data.cause))),
    ],
  };
  return new Response(JSON.stringify(body), { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
};
