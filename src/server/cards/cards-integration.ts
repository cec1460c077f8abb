import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { createCardCache } from '../../lib/cards/create-card-cache.ts';
import { createCardPool } from '../../lib/cards/create-card-pool.ts';
import { createCardService } from '../../lib/cards/create-card-service.ts';
import { loadConfig } from '../../lib/config/load-config.ts';
import { loadCardIndex } from './load-card-index.ts';

/**
 * Renders the share cards of every published story and journey into the card cache after
 * `astro build` (CARD_CACHE_DIR, default DATA_DIR/cards, from the same environment as
 * `npm start`), so the first visitor of a card never waits. Cards already cached (same content
 * hash) are not rendered again: a build with unchanged content renders none.
 */
export function prerenderCards(): AstroIntegration {
  return {
    name: 'hub-prerender-cards',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const clientDir = fileURLToPath(dir);
        const config = loadConfig();
        const pool = createCardPool({ publicDir: clientDir });
        const service = createCardService({ index: loadCardIndex(clientDir), publicDir: clientDir, cache: createCardCache(config.cardCacheDir), renderer: pool });
        const started = Date.now();
        let lastReport = 0;
        try {
          const { rendered, cached } = await service.prerender((done, total) => {
            if (Date.now() - lastReport < 1_000 && done < total) return;
            lastReport = Date.now();
            logger.info(`share cards: ${done}/${total} rendered`);
          });
          logger.info(`share cards: ${rendered} rendered, ${cached} unchanged, in ${Date.now() - started} ms (${config.cardCacheDir})`);
        } finally {
          await pool.close();
        }
      },
    },
  };
}
