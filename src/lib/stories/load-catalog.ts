import { getCollection, getEntry } from 'astro:content';
import { createCatalog } from './create-catalog.ts';

async function buildCatalog() {
  const [brandEntry, stories, journeys, experiments] = await Promise.all([
    getEntry('brand', 'brand'),
    getCollection('stories'),
    getCollection('journeys'),
    getCollection('experiments'),
  ]);
  if (!brandEntry) throw new Error('content/brand/brand.json is missing');
  return createCatalog({ brand: brandEntry.data, stories, journeys, experiments });
}

let cached: ReturnType<typeof buildCatalog> | undefined;

/**
 * Wiring: the catalog over Astro's content collections. Built once per build; rebuilt on every
 * request in `astro dev` so edits saved in TinaCMS show up at once.
 */
export function loadCatalog() {
  if (import.meta.env.DEV) return buildCatalog();
  cached ??= buildCatalog();
  return cached;
}

export type SiteCatalog = Awaited<ReturnType<typeof buildCatalog>>;
export type SiteStory = SiteCatalog['stories'][number];
export type SiteJourney = SiteCatalog['journeys'][number];
