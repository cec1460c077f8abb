import path from 'node:path';
import { checkWebhookUrlSyntax } from '../integrations/check-webhook-url.ts';
import { envSchema, type EnvWebhook, type HubConfig } from './schema.ts';

/** Thrown at start-up when the environment is wrong; the message says what to set. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * Parses the environment once into typed config. Relative folders resolve against `cwd`.
 * Throws ConfigError listing every wrong variable and how to fix it.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): HubConfig {
  const parsed = envSchema.safeParse(env);
  const problems = parsed.success ? [] : parsed.error.issues.map((issue) => ({ name: String(issue.path[0]), message: issue.message }));
  const webhook = parsed.success ? envWebhook(parsed.data, problems) : undefined;
  if (!parsed.success || problems.length > 0) {
    const lines = problems.map(({ name, message }) => `  ${name}=${JSON.stringify(name.endsWith('SECRET') ? '…' : (env[name] ?? ''))}: ${message}`);
    throw new ConfigError(`Invalid configuration, fix these environment variables:\n${lines.join('\n')}`);
  }
  const settings = parsed.data;
  const { HOST, PORT, DATA_DIR, CARD_CACHE_DIR, DATABASE_URL, SITE_URL, HUB_ADMIN_TOKEN, ATTRIBUTION_WINDOW_DAYS, TRUST_PROXY } = settings;
  return {
    host: HOST,
    port: PORT,
    dataDir: path.resolve(cwd, DATA_DIR),
    cardCacheDir: CARD_CACHE_DIR ? path.resolve(cwd, CARD_CACHE_DIR) : path.resolve(cwd, DATA_DIR, 'cards'),
    databaseUrl: DATABASE_URL,
    siteUrl: SITE_URL.replace(/\/+$/, ''),
    adminToken: HUB_ADMIN_TOKEN,
    attributionWindowDays: ATTRIBUTION_WINDOW_DAYS,
    trustProxy: TRUST_PROXY,
    adminPassword: settings.HUB_ADMIN_PASSWORD,
    contentDir: path.resolve(cwd, settings.CONTENT_DIR),
    mediaDir: path.resolve(cwd, settings.MEDIA_DIR),
    submissionsPerDay: settings.SUBMISSIONS_PER_DAY,
    submissionMinSeconds: settings.SUBMISSION_MIN_SECONDS,
    tinaGraphqlUrl: settings.TINA_GRAPHQL_URL,
    webConcurrency: settings.WEB_CONCURRENCY,
    rawClickRetentionDays: settings.RAW_CLICK_RETENTION_DAYS,
    tinaGraphqlToken: settings.TINA_GRAPHQL_TOKEN,
    webhook,
    webhooksAllowPrivate: allowPrivate(settings),
    sharesPerClientPerDay: settings.SHARES_PER_CLIENT_PER_DAY,
    sharesPerAdvocatePerDay: settings.SHARES_PER_ADVOCATE_PER_DAY,
    conversionsPerVisitorPerDay: settings.CONVERSIONS_PER_VISITOR_PER_DAY,
    eventsPerClientPerMinute: settings.EVENTS_PER_CLIENT_PER_MINUTE,
  };
}

type Settings = ReturnType<typeof envSchema.parse>;

const allowPrivate = (settings: Settings) => settings.WEBHOOKS_ALLOW_PRIVATE ?? settings.NODE_ENV === 'test';

/** The endpoint WEBHOOK_URL defines; what is wrong with it goes to `problems`. */
function envWebhook(settings: Settings, problems: { name: string; message: string }[]): EnvWebhook | undefined {
  const { WEBHOOK_URL: url, WEBHOOK_SECRET: secret, WEBHOOK_KIND: kind, SITE_URL, PORT } = settings;
  if (!url) {
    if (secret) problems.push({ name: 'WEBHOOK_SECRET', message: 'is set without WEBHOOK_URL: set WEBHOOK_URL too, or unset it' });
    return undefined;
  }
  const check = checkWebhookUrlSyntax(url, { ownOrigins: [SITE_URL, `http://localhost:${PORT}`, `http://127.0.0.1:${PORT}`], allowPrivate: allowPrivate(settings) });
  if (!check.ok) problems.push({ name: 'WEBHOOK_URL', message: check.message });
  if (!secret && kind === 'standard') problems.push({ name: 'WEBHOOK_SECRET', message: 'must be set with WEBHOOK_URL (16+ characters) so receivers can verify the events' });
  return { url, secret: secret ?? '', events: kind === 'slack' ? ['win.reached'] : settings.WEBHOOK_EVENTS, kind };
}
