import path from 'node:path';
import { envSchema, type HubConfig } from './schema.ts';

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
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0]);
      const value = env[name];
      return `  ${name}=${JSON.stringify(value ?? '')}: ${issue.message}`;
    });
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
    sharesPerClientPerDay: settings.SHARES_PER_CLIENT_PER_DAY,
    sharesPerAdvocatePerDay: settings.SHARES_PER_ADVOCATE_PER_DAY,
    conversionsPerVisitorPerDay: settings.CONVERSIONS_PER_VISITOR_PER_DAY,
    eventsPerClientPerMinute: settings.EVENTS_PER_CLIENT_PER_MINUTE,
  };
}
