import { defineConfig } from 'vitest/config';

/**
 * `unit`: pure domain code, server modules and content, fast.
 * `e2e`: the built server over real HTTP, a real browser and the TinaCMS dev server;
 * its global setup builds the site when sources changed.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          root: '.',
          include: ['tests/lib/**/*.test.ts', 'tests/server/**/*.test.ts', 'tests/content/**/*.test.ts'],
          // Storage tests migrate a fresh PostgreSQL schema in beforeEach (fourteen migrations):
          // seconds alone, more than the default 10 s while the e2e project builds beside them.
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          root: '.',
          include: ['tests/e2e/**/*.test.ts'],
          globalSetup: ['tests/helpers/build-site.ts'],
          testTimeout: 60_000,
          hookTimeout: 240_000,
          fileParallelism: false,
          // The built server is plain ESM: Node imports it from disk, so a rebuild made by one test
          // file (a spawned `npm start` after content changed) never leaves another with a stale,
          // cached entry that points at deleted chunks.
          server: { deps: { external: [/\/dist\/server\//] } },
        },
      },
    ],
  },
});
