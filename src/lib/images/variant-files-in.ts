import { VARIANT_URL_PREFIX } from './to-picture.ts';

const VARIANT_URL = new RegExp(`${VARIANT_URL_PREFIX.replace(/[/.]/g, '\\$&')}([a-z0-9-]+-\\d+\\.[0-9a-f]{10}\\.(?:avif|webp|jpg|png))`, 'g');

/** The variant files a page refers to (in src, srcset and preload hints), each once. */
export function variantFilesIn(html: string): Set<string> {
  return new Set(Array.from(html.matchAll(VARIANT_URL), (match) => match[1]!));
}
