import fs from 'node:fs/promises';
import path from 'node:path';

/** `name-800.0123456789.avif` belongs to the cache entry `name.0123456789.json`. */
const VARIANT = /^([a-z0-9-]+)-\d+\.([0-9a-f]{10})\.[a-z]+$/;

/**
 * Deletes from the cache every file the build just made did not use: variants of images no
 * page shows any more (a photo replaced, a story deleted or withdrawn by its author), their
 * entries, and temporary files of an interrupted build. The cache then holds exactly the
 * images of the site as built, so an erased photo does not live on in it.
 */
export async function pruneImageCache(cacheDir: string, used: ReadonlySet<string>): Promise<number> {
  const keep = new Set(used);
  for (const file of used) {
    const match = VARIANT.exec(file);
    if (match) keep.add(`${match[1]}.${match[2]}.json`);
  }
  let removed = 0;
  for (const file of await fs.readdir(cacheDir).catch(() => [])) {
    if (keep.has(file)) continue;
    await fs.rm(path.join(cacheDir, file), { force: true });
    removed += 1;
  }
  return removed;
}
