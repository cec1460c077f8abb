import fs from 'node:fs/promises';
import path from 'node:path';
import { VARIANT_URL_PREFIX } from './to-picture.ts';
import { variantFilesIn } from './variant-files-in.ts';

/**
 * Copies every variant that the built pages refer to from the cache into the client folder,
 * under /_astro/images/ (served as immutable: the names carry a content hash). Variants of
 * images no page shows stay out. Throws when a page points at a variant the cache lacks.
 */
export async function copyVariants(options: { clientDir: string; cacheDir: string }): Promise<{ files: Set<string>; bytes: number }> {
  const { clientDir, cacheDir } = options;
  const wanted = new Set<string>();
  for (const entry of await fs.readdir(clientDir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.html')) continue;
    for (const file of variantFilesIn(await fs.readFile(path.join(entry.parentPath, entry.name), 'utf8'))) wanted.add(file);
  }
  const outDir = path.join(clientDir, ...VARIANT_URL_PREFIX.split('/').filter(Boolean));
  await fs.mkdir(outDir, { recursive: true });
  let bytes = 0;
  for (const file of wanted) {
    try {
      await fs.copyFile(path.join(cacheDir, file), path.join(outDir, file));
    } catch (error) {
      throw new Error(`A page shows ${VARIANT_URL_PREFIX}${file}, which is not in the image cache ${cacheDir}: ${(error as Error).message}`);
    }
    bytes += (await fs.stat(path.join(outDir, file))).size;
  }
  return { files: wanted, bytes };
}
