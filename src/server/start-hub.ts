import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { HubConfig } from '../lib/config/schema.ts';
import { createDb } from '../lib/db/create-db.ts';
import { migrateToLatest } from '../lib/db/migrate-to-latest.ts';
import { BUILD_INFO_FILE, type BuildInfo } from './build-info-integration.ts';
import { ensureEditor } from '../lib/auth/ensure-editor.ts';
import { getOrCreateSecret } from '../lib/db/get-or-create-secret.ts';
import { createStoryPublisher } from '../lib/submissions/create-story-publisher.ts';
import { createSubmissionService } from '../lib/submissions/create-submission-service.ts';
import { createTinaStoryPublisher } from '../lib/submissions/create-tina-story-publisher.ts';
import { createDashboardRoutes } from './auth/create-dashboard-routes.ts';
import { createEditorAuth } from './auth/create-editor-auth.ts';
import { createCardRoutes } from './cards/create-card-routes.ts';
import { createHubHandler, createNotFound, type AstroHandler } from './create-hub-handler.ts';
import { loadMilestones } from './load-milestones.ts';
import { createPageRenderer } from './create-page-renderer.ts';
import { createSubmissionRoutes } from './submissions/create-submission-routes.ts';
import { createWithdrawnGate } from './submissions/create-withdrawn-gate.ts';
import { loadSiteIndex } from './load-site-index.ts';
import { createReferralRoutes } from './referrals/create-referral-routes.ts';
import { recoveryPath } from './referrals/recover-route.ts';
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
  const site = loadSiteIndex(clientDir);
  const notFound = createNotFound(staticFiles);
  // Stories their authors withdrew: filled once the submissions service is up (it reads them).
  const withdrawn = new Set<string>();
  const referrals = await createReferralRoutes({
    config,
    db,
    site,
    milestones: loadMilestones(clientDir),
    notFound,
    isAvailable: (slug) => !withdrawn.has(slug),
  });

  const { generatedPassword } = await ensureEditor(db.db, config.adminPassword);
  if (generatedPassword) {
    console.log(`Dashboard sign-in created. Password of the built-in editor account (shown only this once): ${generatedPassword}`);
    console.log('Sign in at /dashboard/login, then set HUB_ADMIN_PASSWORD to choose your own.');
  }
  const submissions = createSubmissionService({
    db: db.db,
    photoDir: path.join(config.dataDir, 'submissions'),
    publisher: config.tinaGraphqlUrl
      ? createTinaStoryPublisher({
          graphqlUrl: config.tinaGraphqlUrl,
          token: config.tinaGraphqlToken,
          mediaDir: config.mediaDir,
          brandName: site.brand.name,
          now: Date.now,
        })
      : createStoryPublisher({ contentDir: config.contentDir, mediaDir: config.mediaDir, brandName: site.brand.name, now: Date.now }),
    limitPerDay: config.submissionsPerDay,
  });
  for (const slug of await submissions.withdrawnSlugs()) withdrawn.add(slug);
  const cards = createCardRoutes({ config, db, wins: referrals.context.wins, clientDir, notFound });
  for (const slug of withdrawn) await cards.service.withdraw(slug);
  const forgetWithdrawn = async (slug: string) => {
    withdrawn.add(slug);
    referrals.context.links.forgetStory(slug);
    await cards.service.withdraw(slug);
  };
  submissions.onStoryWithdrawn.push(forgetWithdrawn);
  // Other instances sharing the database learn of a withdrawal within half a minute, and every
  // story-withdrawn listener (card cache, link cache, 410 list) runs on each of them.
  const withdrawnSync = setInterval(() => {
    submissions
      .withdrawnSlugs()
      .then(async (slugs) => {
        for (const slug of slugs.filter((known) => !withdrawn.has(known))) {
          for (const listener of submissions.onStoryWithdrawn) await listener(slug);
        }
      })
      .catch((error: unknown) => console.error('Could not read withdrawn stories:', error));
  }, 30_000);
  withdrawnSync.unref();
  const astro = entry.handler as AstroHandler;
  const stamp = referrals.context.signer;
  const locals = {
    db,
    submissions,
    formStarted: () => stamp.sign(String(Date.now())),
    advocates: {
      /** The advocate id in a hub_adv cookie value, when its signature holds. */
      verify: (cookie: string | undefined) => stamp.verify(cookie),
      recoveryPath: (advocateId: string) => recoveryPath(referrals.context, advocateId),
      momentum: referrals.context.momentum,
      siteUrl: config.siteUrl,
    },
    wins: referrals.context.wins,
  };
  const submissionContext = {
    referrals: referrals.context,
    submissions,
    auth: await createEditorAuth({ db: db.db, config, secret: await getOrCreateSecret(db.db, 'session_secret') }),
    renderPage: createPageRenderer(astro, locals, notFound),
    withdrawn,
  };
  const routes = [
    createWithdrawnGate(withdrawn, staticFiles),
    createDashboardRoutes(submissionContext),
    createSubmissionRoutes(submissionContext),
    ...referrals.routes,
    ...cards.routes,
  ];
  const handler = createHubHandler({ db, build, staticFiles, astro, routes, locals });

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
      clearInterval(withdrawnSync);
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await referrals.context.recorder.close();
      await referrals.context.momentum.flush();
      await cards.close();
      await db.close();
    },
  };
}
