import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ensureEditor } from '../lib/auth/ensure-editor.ts';
import { createCardCache } from '../lib/cards/create-card-cache.ts';
import { createCardPool } from '../lib/cards/create-card-pool.ts';
import { createCardService, type CardService } from '../lib/cards/create-card-service.ts';
import type { HubConfig } from '../lib/config/schema.ts';
import { createDb, type DbHandle } from '../lib/db/create-db.ts';
import { createPgChannel } from '../lib/db/create-pg-channel.ts';
import { getOrCreateSecret } from '../lib/db/get-or-create-secret.ts';
import { migrateToLatest } from '../lib/db/migrate-to-latest.ts';
import { createWebhookEndpoints, type WebhookEndpoints } from '../lib/integrations/create-webhook-endpoints.ts';
import { createWebhookSender } from '../lib/integrations/create-webhook-sender.ts';
import { createWebhookWorker } from '../lib/integrations/create-webhook-worker.ts';
import { TEST_EVENT_TYPE } from '../lib/integrations/schema.ts';
import { toSlackMessage } from '../lib/integrations/to-slack-message.ts';
import { createIntervalJob, type Job } from '../lib/jobs/create-interval-job.ts';
import { createPageCounter, type PageCounter } from '../lib/readers/create-page-counter.ts';
import { createAbuseLimiter } from '../lib/limits/create-abuse-limiter.ts';
import { assignWinIds } from '../lib/momentum/assign-win-ids.ts';
import { createMomentum, type Momentum, type MomentumEvent, type Touched } from '../lib/momentum/create-momentum.ts';
import { createWinViews, type WinViews } from '../lib/momentum/create-win-views.ts';
import { WIN_ID_SECRET } from '../lib/momentum/win-id.ts';
import { createClickRecorder, type ClickRecorder } from '../lib/referrals/clicks/create-click-recorder.ts';
import { createClickStore } from '../lib/referrals/clicks/create-click-store.ts';
import { pruneRawClicks } from '../lib/referrals/clicks/prune-raw-clicks.ts';
import { createLinkCache, type LinkCache } from '../lib/referrals/create-link-cache.ts';
import { createShareLinkService, type ShareLinkService } from '../lib/referrals/create-share-link.ts';
import { createSigner, type Signer } from '../lib/referrals/create-signer.ts';
import { createVisitorHasher, type VisitorHasher } from '../lib/referrals/create-visitor-hasher.ts';
import { createFormStamps, type FormStamps } from '../lib/submissions/create-form-stamps.ts';
import { createStoryPublisher } from '../lib/submissions/create-story-publisher.ts';
import { createSubmissionService, type SubmissionService } from '../lib/submissions/create-submission-service.ts';
import { createTinaStoryPublisher } from '../lib/submissions/create-tina-story-publisher.ts';
import { createWithdrawnStories, type WithdrawnStories } from '../lib/submissions/create-withdrawn-stories.ts';
import { createEditorAuth, type EditorAuth } from './auth/create-editor-auth.ts';
import { createRequestLimits, type RequestLimits } from './limits/create-request-limits.ts';
import { BUILD_INFO_FILE, type BuildInfo } from './build-info-integration.ts';
import { loadCardIndex } from './cards/load-card-index.ts';
import type { AstroHandler } from './http/render-page.ts';
import { createStaticFiles, type StaticFiles } from './http/static-files.ts';
import { loadMilestones } from './load-milestones.ts';
import { loadSiteIndex, type SiteIndex } from './load-site-index.ts';

/** Everything the routes and the on-demand pages use, built once by createHubServices. */
export type HubServices = {
  config: HubConfig;
  db: DbHandle;
  clock: { now(): number };
  /** The build being served: its id, pages and assets, Astro's handler, the published stories. */
  build: BuildInfo;
  staticFiles: StaticFiles;
  astro: AstroHandler;
  site: SiteIndex;
  /** Signs cookies and form stamps; shared by every instance on one database. */
  signer: Signer;
  hasher: VisitorHasher;
  links: LinkCache;
  shares: ShareLinkService;
  recorder: ClickRecorder;
  /** Counts the beacon's page views and reads (queued in the recorder's group commit). */
  readers: PageCounter;
  momentum: Momentum;
  wins: WinViews;
  cards: CardService;
  submissions: SubmissionService;
  stamps: FormStamps;
  withdrawn: WithdrawnStories;
  auth: EditorAuth;
  /** Webhook endpoints, their delivery logs, test events and redeliveries. */
  webhooks: WebhookEndpoints;
  /** The abuse limits of the route table's `limit` lists, counted in the database. */
  limits: RequestLimits;
  /** Background work, started after the server listens and stopped before it closes. */
  jobs: Job[];
  /** Stops the jobs, writes what is queued and releases the database and the card workers. */
  close(): Promise<void>;
};

/** Raw clicks past RAW_CLICK_RETENTION_DAYS go within the hour (and PostgreSQL gets next month's partition). */
const RETENTION_EVERY_MS = 60 * 60_000;
const RETENTION_FIRST_MS = 60_000;
/** The delivery worker looks for new events this often (events from any process, or instance, of the hub). */
const WEBHOOK_POLL_MS = 1_000;
const WEBHOOK_LOG_PRUNE_MS = 60 * 60_000;

/** On-demand public pages whose readers count beside the prerendered ones. */
const ON_DEMAND_PAGES = new Set(['/submit/']);

/**
 * Whether readers of a path count: a public page of the build (not the editors' card previews or
 * the admin) or an on-demand public page, never a withdrawn story.
 */
function countsReaders(pathname: string, staticFiles: StaticFiles, withdrawn: WithdrawnStories): boolean {
  if (ON_DEMAND_PAGES.has(pathname)) return true;
  if (pathname.startsWith('/cards/') || pathname.startsWith('/admin/')) return false;
  const story = /^\/stories\/([^/]+)\/$/.exec(pathname);
  if (story && withdrawn.has(story[1]!)) return false;
  return staticFiles.isPage(pathname);
}
/** Counters of abuse-limit windows that are over, and form stamps too old to accept, go every ten minutes. */
const LIMIT_PRUNING_EVERY_MS = 10 * 60_000;

async function openDatabase(config: HubConfig): Promise<DbHandle> {
  const db = createDb({ databaseUrl: config.databaseUrl, sqliteFile: path.join(config.dataDir, 'hub.db') });
  try {
    await migrateToLatest(db.db);
    await db.db
      .insertInto('hub_meta')
      .values({ key: 'installed_at', value: new Date().toISOString() })
      .onConflict((conflict) => conflict.column('key').doNothing())
      .execute();
    return db;
  } catch (error) {
    await db.close().catch(() => undefined);
    throw new Error(`Could not prepare the database (${db.label}): ${(error as Error).message}`, { cause: error });
  }
}

/**
 * Opens and migrates the database, loads the build in `distDir` and builds every service the
 * hub runs, wired to each other: the one place that knows how the parts fit. With
 * `relayTouches`, milestone checks (reads) are left to another process: a counting process hands
 * what its clicks and shares changed to the app process.
 */
export async function createHubServices(
  config: HubConfig,
  distDir: string,
  options: {
    now?: () => number;
    relayTouches?: (event: MomentumEvent, changed: Touched) => void;
    /** Run the retention job here (one process of a supervised hub does; its counting processes do not). */
    maintenance?: boolean;
  } = {},
): Promise<HubServices> {
  const now = options.now ?? Date.now;
  const db = await openDatabase(config);
  const clientDir = path.join(distDir, 'client');
  const build = JSON.parse(fs.readFileSync(path.join(distDir, BUILD_INFO_FILE), 'utf8')) as BuildInfo;
  const entry = await import(pathToFileURL(path.join(distDir, 'server', 'entry.mjs')).href);
  const site = loadSiteIndex(clientDir);

  const signer = createSigner(await getOrCreateSecret(db.db, 'cookie_secret'));
  const winSecret = await getOrCreateSecret(db.db, WIN_ID_SECRET);
  await assignWinIds(db.db, winSecret);
  const momentum = createMomentum(db.db, loadMilestones(clientDir), { now, winSecret, relay: options.relayTouches });
  momentum.onWins((wins) => {
    // Stories' and the hub's wins go to the log; advocates' stay on their own page.
    for (const win of wins) {
      if (win.scope !== 'advocate') console.log(`Milestone reached: ${win.name} (${win.scope}${win.scopeKey ? ` ${win.scopeKey}` : ''}, ${win.value})`);
    }
  });

  const pool = createCardPool({ publicDir: clientDir });
  const cardCache = createCardCache(config.cardCacheDir);
  void cardCache.prune().catch(() => undefined);
  const cards = createCardService({ index: loadCardIndex(clientDir), publicDir: clientDir, cache: cardCache, renderer: pool });
  const links = createLinkCache(db.db);
  const submissions = createSubmissionService({
    db: db.db,
    photoDir: path.join(config.dataDir, 'submissions'),
    publisher: config.tinaGraphqlUrl
      ? createTinaStoryPublisher({ graphqlUrl: config.tinaGraphqlUrl, token: config.tinaGraphqlToken, mediaDir: config.mediaDir, brandName: site.brand.name, now })
      : createStoryPublisher({ contentDir: config.contentDir, mediaDir: config.mediaDir, brandName: site.brand.name, now }),
    limitPerDay: config.submissionsPerDay,
  });
  const withdrawn = createWithdrawnStories({
    list: () => submissions.withdrawnSlugs(),
    listeners: [(slug) => links.forgetStory(slug), (slug) => cards.withdraw(slug)],
  });
  submissions.onStoryWithdrawn.push(withdrawn.withdraw);
  // Other instances on the same PostgreSQL database hear of a withdrawal at once (the sync job is the fallback).
  const peers = config.databaseUrl ? createPgChannel(config.databaseUrl, 'hub_withdrawn') : undefined;
  if (peers) {
    submissions.onStoryWithdrawn.push((slug) => peers.publish(slug));
    await peers.subscribe((slug) => void withdrawn.withdraw(slug));
  }
  await withdrawn.sync();

  const { generatedPassword } = await ensureEditor(db.db, config.adminPassword);
  if (generatedPassword) {
    console.log(`Dashboard sign-in created. Password of the built-in editor account (shown only this once): ${generatedPassword}`);
    console.log('Sign in at /dashboard/login, then set HUB_ADMIN_PASSWORD to choose your own.');
  }
  const recorder = createClickRecorder(createClickStore(db));
  const staticFiles = createStaticFiles(clientDir);
  const hasher = createVisitorHasher(db.db);
  const readers = createPageCounter({ siteUrl: config.siteUrl, counts: (pathname) => countsReaders(pathname, staticFiles, withdrawn), hasher, recorder, now });
  const retention = createIntervalJob(
    'raw-click-retention',
    RETENTION_EVERY_MS,
    async () => {
      await pruneRawClicks(db.db, { now: now(), retentionDays: config.rawClickRetentionDays });
    },
    RETENTION_FIRST_MS,
  );
  const webhooks = createWebhookEndpoints({
    db: db.db,
    rules: { ownOrigins: [config.siteUrl, `http://localhost:${config.port}`, `http://127.0.0.1:${config.port}`], allowPrivate: config.webhooksAllowPrivate },
    now,
  });
  const sender = createWebhookSender({ allowPrivate: config.webhooksAllowPrivate });
  const wins = createWinViews({ db: db.db, getWin: (id) => momentum.get(id), getStory: site.getStory, isAvailable: (slug) => !withdrawn.has(slug), brandName: site.brand.name });
  const worker = createWebhookWorker({
    db: db.db,
    dialect: db.dialect,
    sender,
    siteUrl: config.siteUrl,
    now,
    formatSlack: async (event) => {
      if (event.type === TEST_EVENT_TYPE) return { text: `Test message from ${site.brand.name} (${config.siteUrl}): this channel will get a message per win.` };
      if (event.type !== 'win.reached' || typeof event.data.win !== 'string') return undefined;
      const view = await wins.view(event.data.win);
      return view && toSlackMessage(view, config.siteUrl);
    },
  });
  // Deliveries leave from one process per instance (the app process, or the only one): counting processes only write events.
  const delivery = createIntervalJob('webhook-delivery', WEBHOOK_POLL_MS, () => worker.run());
  const webhookPrune = createIntervalJob('webhook-log-retention', WEBHOOK_LOG_PRUNE_MS, () => worker.prune(), RETENTION_FIRST_MS);
  if (options.maintenance !== false) await webhooks.syncEnv(config.webhook);
  const limiter = createAbuseLimiter(db.db, now);
  const stamps = createFormStamps(signer, db.db, now);
  const limitPruning = createIntervalJob('limit-pruning', LIMIT_PRUNING_EVERY_MS, async () => {
    await limiter.prune();
    await stamps.prune();
  });
  const jobs = options.maintenance === false ? [withdrawn.job] : [withdrawn.job, retention, delivery, webhookPrune, limitPruning];

  return {
    config,
    db,
    clock: { now },
    build,
    staticFiles,
    astro: entry.handler as AstroHandler,
    site,
    signer,
    hasher,
    links,
    shares: createShareLinkService(db.db, now),
    recorder,
    readers,
    momentum,
    wins,
    cards,
    submissions,
    stamps,
    withdrawn,
    webhooks,
    auth: await createEditorAuth({ db: db.db, config, secret: await getOrCreateSecret(db.db, 'session_secret'), limiter, hasher, now }),
    limits: createRequestLimits({ config, limiter, hasher, signer, now }),
    jobs,
    async close() {
      for (const job of jobs) await job.stop();
      await peers?.close();
      await recorder.close();
      await momentum.flush();
      await pool.close();
      await sender.close();
      await db.close();
    },
  };
}
