import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { copyVariants } from './copy-variants.ts';
import { IMAGE_CACHE_DIR } from './image-pipeline.ts';
import { pruneImageCache } from './prune-image-cache.ts';

/**
 * After `astro build`, puts the image variants that the prerendered pages refer to into the
 * client folder (dist/client/_astro/images/), then drops from the cache what the site no longer
 * shows. The pages encode them while they render (src/components/ResponsiveImage.astro), into a
 * cache that outlives the build: a build with unchanged images encodes none. List it before
 * hub-build-info, so the build id covers them.
 */
export function responsiveImages(): AstroIntegration {
  return {
    name: 'hub-responsive-images',
    hooks: {
      // Encoding belongs to builds only: `astro dev` shows uploads as they are (NODE_ENV, and so
      // import.meta.env.DEV, is not a reliable sign: tests build with NODE_ENV=test).
      'astro:config:setup': ({ command, updateConfig }) => {
        updateConfig({ vite: { define: { 'import.meta.env.HUB_ENCODE_IMAGES': JSON.stringify(command === 'build') } } });
      },
      'astro:build:done': async ({ dir, logger }) => {
        const started = Date.now();
        const { files, bytes } = await copyVariants({ clientDir: fileURLToPath(dir), cacheDir: IMAGE_CACHE_DIR });
        const pruned = await pruneImageCache(IMAGE_CACHE_DIR, files);
        logger.info(`${files.size} image variants (${(bytes / 1024 / 1024).toFixed(1)} MB) in /_astro/images/, ${pruned} unused cache files removed, in ${Date.now() - started} ms (cache: ${IMAGE_CACHE_DIR})`);
      },
    },
  };
}
