import { z } from 'zod';
import { eventListSchema, WEBHOOK_KINDS, type WebhookEventType, type WebhookKind } from '../integrations/schema.ts';

/** How long raw clicks are kept by default; the dashboard's longest period follows the setting. */
export const DEFAULT_RAW_CLICK_RETENTION_DAYS = 400;

const port = z.coerce
  .number({ error: 'must be a number' })
  .int('must be a whole number')
  .min(0, 'must be between 0 and 65535')
  .max(65535, 'must be between 0 and 65535');

/**
 * Every environment variable the hub reads, with its default. README.md documents each one;
 * keep the two in step.
 */
export const envSchema = z.object({
  /** Interface to listen on. */
  HOST: z.string().min(1).default('localhost'),
  /** Port to listen on (0 picks a free port). */
  PORT: port.default(4321),
  /** Folder for the SQLite file and caches. */
  DATA_DIR: z.string().min(1).default('./data'),
  /** Folder of rendered share cards; point several instances at one shared folder. Default DATA_DIR/cards. */
  CARD_CACHE_DIR: z
    .string()
    .optional()
    .transform((value) => value || undefined),
  /** postgres://user@host:port/db selects PostgreSQL; unset uses SQLite at DATA_DIR/hub.db. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(?:ql)?:\/\//, 'must start with postgres:// (leave it unset to use SQLite)')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  /** Public origin of the hub, used for canonical URLs and absolute links in feeds and cards. */
  SITE_URL: z.url({ protocol: /^https?$/, error: 'must be an absolute http(s) URL such as https://stories.example.com' })
    .default('http://localhost:4321'),
  /** Bearer token for the stats API and automation; unset means those endpoints always answer 401. */
  HUB_ADMIN_TOKEN: z
    .string()
    .min(16, 'must be at least 16 characters (for example: openssl rand -hex 24)')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  /** How long a visit through a share link can be credited with a reshare or conversion. */
  ATTRIBUTION_WINDOW_DAYS: z.coerce
    .number({ error: 'must be a number of days' })
    .int('must be a whole number of days')
    .min(1, 'must be between 1 and 365 days')
    .max(365, 'must be between 1 and 365 days')
    .default(30),
  /** Trust X-Forwarded-For / X-Forwarded-Proto from a reverse proxy in front of the hub. */
  TRUST_PROXY: z
    .enum(['true', 'false', '1', '0', ''], { error: 'must be true or false' })
    .default('false')
    .transform((value) => value === 'true' || value === '1'),
  /** Password of the built-in editor account (/dashboard); unset: one is generated on first start and printed once. */
  HUB_ADMIN_PASSWORD: z
    .string()
    .min(12, 'must be at least 12 characters (or leave it unset to have one generated)')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  /** The content folder approved visitor stories are written to (<CONTENT_DIR>/stories/). */
  CONTENT_DIR: z.string().min(1).default('./content'),
  /** Tina's media folder, where photos of approved visitor stories go (<MEDIA_DIR>/community/). */
  MEDIA_DIR: z.string().min(1).default('./public/images'),
  /** Visitor stories one client address (keyed daily hash, never stored raw) may send in a UTC day, whatever the browser. */
  SUBMISSIONS_PER_DAY: z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(1, 'must be between 1 and 1000')
    .max(1000, 'must be between 1 and 1000')
    .default(5),
  /** Seconds a person needs at least to fill in /submit; faster posts are treated as spam. */
  SUBMISSION_MIN_SECONDS: z.coerce
    .number({ error: 'must be a number of seconds' })
    .int('must be a whole number of seconds')
    .min(0, 'must be between 0 and 3600 seconds')
    .max(3600, 'must be between 0 and 3600 seconds')
    .default(3),
  /** Approve visitor stories through Tina's GraphQL API (createDocument) instead of writing CONTENT_DIR. */
  TINA_GRAPHQL_URL: z
    .url({ protocol: /^https?$/, error: 'must be an absolute http(s) URL such as http://localhost:4001/graphql' })
    .optional()
    .or(z.literal('').transform(() => undefined)),
  /** Counting processes `npm start` runs (redirects, beacons, cards, the built site); one app process serves the rest. */
  WEB_CONCURRENCY: z.coerce
    .number({ error: 'must be a number of processes' })
    .int('must be a whole number of processes')
    .min(1, 'must be between 1 and 64 (1 is plenty for most hubs; the number of cores at most)')
    .max(64, 'must be between 1 and 64 (1 is plenty for most hubs; the number of cores at most)')
    .default(1),
  /** Days raw clicks are kept (the rollups the stats read are kept for ever); older ones are pruned. */
  RAW_CLICK_RETENTION_DAYS: z.coerce
    .number({ error: 'must be a number of days' })
    .int('must be a whole number of days')
    .min(31, 'must be between 31 and 3650 days')
    .max(3650, 'must be between 31 and 3650 days')
    .default(DEFAULT_RAW_CLICK_RETENTION_DAYS),
  /** Share links one client address (keyed daily hash, never stored) may make in a UTC day. */
  SHARES_PER_CLIENT_PER_DAY: z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(1, 'must be between 1 and 100000')
    .max(100000, 'must be between 1 and 100000')
    .default(100),
  /** Share links one advocate (hub_adv cookie) may make in a UTC day. */
  SHARES_PER_ADVOCATE_PER_DAY: z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(1, 'must be between 1 and 100000')
    .max(100000, 'must be between 1 and 100000')
    .default(30),
  /** Conversions of one goal one visitor (address and browser, hashed) may record in a UTC day. */
  CONVERSIONS_PER_VISITOR_PER_DAY: z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(1, 'must be between 1 and 1000')
    .max(1000, 'must be between 1 and 1000')
    .default(5),
  /** Event beacons one client address may send in a minute. */
  EVENTS_PER_CLIENT_PER_MINUTE: z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(1, 'must be between 1 and 100000')
    .max(100000, 'must be between 1 and 100000')
    .default(120),
  /** Sent as a bearer token to TINA_GRAPHQL_URL when set. */
  TINA_GRAPHQL_TOKEN: z
    .string()
    .optional()
    .or(z.literal('').transform(() => undefined)),
  /** One webhook endpoint defined by the environment (shown in the dashboard as such). */
  WEBHOOK_URL: z
    .url({ protocol: /^https?$/, error: 'must be an absolute http(s) URL such as https://hooks.example.com/tellwell' })
    .optional()
    .or(z.literal('').transform(() => undefined)),
  /** Signing secret of WEBHOOK_URL (Standard Webhooks): whsec_<base64>, or any 16+ characters used as they are. */
  WEBHOOK_SECRET: z
    .string()
    .min(16, 'must be at least 16 characters (for example: whsec_ followed by openssl rand -base64 24)')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  /** Comma-separated events WEBHOOK_URL gets; unset or empty: all. */
  WEBHOOK_EVENTS: eventListSchema.prefault(''),
  /** `slack`: WEBHOOK_URL is an incoming-webhook URL that gets a chat message per win. */
  WEBHOOK_KIND: z.enum(['', ...WEBHOOK_KINDS], { error: `must be one of ${WEBHOOK_KINDS.join(', ')}` }).default('standard')
    .transform((value) => (value === '' ? 'standard' : value) as WebhookKind),
  /** Allow webhook URLs on loopback and private networks (allowed by default only when NODE_ENV=test). */
  WEBHOOKS_ALLOW_PRIVATE: z
    .enum(['true', 'false', '1', '0', ''], { error: 'must be true or false' })
    .optional()
    .transform((value) => (value === undefined || value === '' ? undefined : value === 'true' || value === '1')),
  /** Only `test` matters here: it allows private webhook addresses unless WEBHOOKS_ALLOW_PRIVATE says otherwise. */
  NODE_ENV: z.string().optional(),
});

/** The endpoint WEBHOOK_URL defines. */
export type EnvWebhook = { url: string; secret: string; events: WebhookEventType[]; kind: WebhookKind };

export type HubConfig = {
  host: string;
  port: number;
  dataDir: string;
  cardCacheDir: string;
  databaseUrl: string | undefined;
  siteUrl: string;
  adminToken: string | undefined;
  attributionWindowDays: number;
  trustProxy: boolean;
  adminPassword: string | undefined;
  contentDir: string;
  mediaDir: string;
  submissionsPerDay: number;
  submissionMinSeconds: number;
  tinaGraphqlUrl: string | undefined;
  tinaGraphqlToken: string | undefined;
  webConcurrency: number;
  rawClickRetentionDays: number;
  /** The endpoint WEBHOOK_URL defines, or undefined. */
  webhook: EnvWebhook | undefined;
  /** Webhooks may call loopback and private addresses (WEBHOOKS_ALLOW_PRIVATE, or NODE_ENV=test). */
  webhooksAllowPrivate: boolean;
  sharesPerClientPerDay: number;
  sharesPerAdvocatePerDay: number;
  conversionsPerVisitorPerDay: number;
  eventsPerClientPerMinute: number;
};
