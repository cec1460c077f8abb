import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { HubConfig } from '../lib/config/schema.ts';
import { createDb } from '../lib/db/create-db.ts';
import { migrateToLatest } from '../lib/db/migrate-to-latest.ts';
import { BUILD_INFO_FILE, type BuildInfo } from './build-info-integration.ts';
import { createCardRoutes } from './cards/create-card-routes.ts';
import { createHubHandler, createNotFound, type AstroHandler } from './create-hub-handler.ts';
import { loadSiteIndex } from './load-site-index.ts';
import { createReferralRoutes } from './referrals/create-referral-routes.ts';
import { createStaticFiles } from './static-files.ts';

export type RunningHub = {
  server: http.Server;
  url: string;
  close(): Promise<void>;
};

/**
 * Opens and migrates the database, loads the build in `distDir`, and listens.
 * Resolves once the server accepts connections.
 */
export async function startHub(config: HubConfig, distDir: string): Promise<RunningHub> {
  const db = createDb({ databaseUrl: config.databaseUrl, sqliteFile: path.join(config.dataDir, 'hub.db') });
  try {
    await migrateToLatest(db.db);
    await db.db
      .insertInto('hub_meta')
      .values({ key: 'installed_at', value: new Date().toISOString() })
      .onConflict((conflict) => conflict.column('key').doNothing())
      .execute();
  } catch (error) {
    await db.close().catch(() => undefined);
    throw new Error(`Could not prepare the database (${db.label}): ${(error as Error).message}`, { cause: error });
  }

  const build = JSON.parse(fs.readFileSync(path.join(distDir, BUILD_INFO_FILE), 'utf8')) as BuildInfo;
  const entry = await import(pathToFileURL(path.join(distDir, 'server', 'entry.mjs')).href);
  const clientDir = path.join(distDir, 'client');
  const staticFiles = createStaticFiles(clientDir);
  const referrals = await createReferralRoutes({
    config,
    db,
    site: loadSiteIndex(clientDir),
    notFound: createNotFound(staticFiles),
  });
  const cards = createCardRoutes({ config, db, clientDir, notFound: createNotFound(staticFiles) });
  const handler = createHubHandler({
    db,
    build,
    staticFiles,
    astro: entry.handler as AstroHandler,
    routes: [...referrals.routes, ...cards.routes],
  });

  const server = http.createServer(handler);
  server.keepAliveTimeout = 65_000;
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, config.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    await cards.close();
    await db.close();
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') {
      throw new Error(`port ${config.port} on ${config.host} is already in use (EADDRINUSE): stop the other server or set PORT`, { cause: error });
    }
    throw error;
  }
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;

  return {
    server,
    url: `http://${host}:${port}`,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await referrals.context.recorder.close();
      await cards.close();
      await db.close();
    },
  };
}
