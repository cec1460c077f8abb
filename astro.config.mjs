// @ts-check
import node from '@astrojs/node';
import react from '@astrojs/react';
import sitemap from '@astrojs/sitemap';
import { defineConfig } from 'astro/config';
import { responsiveImages } from './src/lib/images/images-integration.ts';
import { buildInfo } from './src/server/build-info-integration.ts';
import { prerenderCards } from './src/server/cards/cards-integration.ts';

/**
 * Pages are prerendered; the few on-demand routes run inside the hub's own Node server
 * (src/server/), which mounts Astro's middleware-mode handler behind its hot paths.
 */
export default defineConfig({
  site: process.env.SITE_URL || 'http://localhost:4321',
  output: 'static',
  trailingSlash: 'ignore',
  adapter: node({ mode: 'middleware' }),
  integrations: [
    react(),
    sitemap({ filter: (page) => !/^\/(?:admin|dashboard|submissions|cards)\//.test(new URL(page).pathname) }),
    responsiveImages(),
    buildInfo(),
    prerenderCards(),
  ],
  server: { host: process.env.HOST || 'localhost', port: Number(process.env.PORT) || 4321 },
  build: { format: 'directory' },
  devToolbar: { enabled: false },
});
