import type { CacheEntry, PictureSource, ResponsivePicture } from './schema.ts';

/** Where the build serves variants: under /_astro/, so the hub answers them as immutable. */
export const VARIANT_URL_PREFIX = '/_astro/images/';

/** The width the plain `src` of the <img> points at, for the rare browser without srcset. */
const PLAIN_SRC_WIDTH = 800;

/** Turns a cache entry into the srcsets of a <picture>, one per format in the entry's order. */
export function toPicture(entry: CacheEntry): ResponsivePicture {
  const byType = new Map<string, CacheEntry['variants']>();
  for (const variant of entry.variants) byType.set(variant.type, [...(byType.get(variant.type) ?? []), variant]);
  const sets: (PictureSource & { variants: CacheEntry['variants'] })[] = [...byType].map(([type, variants]) => {
    const sorted = [...variants].sort((a, b) => a.width - b.width);
    return { type, variants: sorted, srcset: sorted.map((variant) => `${VARIANT_URL_PREFIX}${variant.file} ${variant.width}w`).join(', ') };
  });
  const fallback = sets.at(-1)!;
  const plain = fallback.variants.reduce((best, variant) =>
    Math.abs(variant.width - PLAIN_SRC_WIDTH) < Math.abs(best.width - PLAIN_SRC_WIDTH) ? variant : best);
  const largest = fallback.variants.at(-1)!;
  return {
    width: largest.width,
    height: largest.height,
    sources: sets.slice(0, -1).map(({ type, srcset }) => ({ type, srcset })),
    fallback: { type: fallback.type, srcset: fallback.srcset, src: `${VARIANT_URL_PREFIX}${plain.file}` },
    variants: entry.variants,
  };
}
