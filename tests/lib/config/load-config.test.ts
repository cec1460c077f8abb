import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/lib/config/load-config.ts';

describe('loadConfig', () => {
  it('uses safe defaults when nothing is set', () => {
    const config = loadConfig({}, '/srv/hub');
    expect(config).toEqual({
      host: 'localhost',
      port: 4321,
      dataDir: path.resolve('/srv/hub', './data'),
      cardCacheDir: path.resolve('/srv/hub', './data/cards'),
      databaseUrl: undefined,
      siteUrl: 'http://localhost:4321',
      adminToken: undefined,
      attributionWindowDays: 30,
      trustProxy: false,
      adminPassword: undefined,
      contentDir: path.resolve('/srv/hub', './content'),
      mediaDir: path.resolve('/srv/hub', './public/images'),
      submissionsPerDay: 5,
      submissionMinSeconds: 3,
      tinaGraphqlUrl: undefined,
      tinaGraphqlToken: undefined,
      webConcurrency: 1,
      rawClickRetentionDays: 400,
      webhook: undefined,
      webhooksAllowPrivate: false,
      sharesPerClientPerDay: 100,
      sharesPerAdvocatePerDay: 30,
      conversionsPerVisitorPerDay: 5,
      eventsPerClientPerMinute: 120,
    });
  });

  it('reads every variable and trims the trailing slash of SITE_URL', () => {
    const config = loadConfig(
      {
        HOST: '0.0.0.0',
        PORT: '8080',
        DATA_DIR: '/var/lib/hub',
        CARD_CACHE_DIR: '/mnt/shared/cards',
        DATABASE_URL: 'postgres://hub@db:5432/hub',
        SITE_URL: 'https://stories.example.com/',
        HUB_ADMIN_TOKEN: 'a-long-enough-admin-token',
        ATTRIBUTION_WINDOW_DAYS: '7',
        TRUST_PROXY: 'true',
        HUB_ADMIN_PASSWORD: 'correct horse battery',
        CONTENT_DIR: '/srv/content',
        MEDIA_DIR: 'media',
        SUBMISSIONS_PER_DAY: '20',
        SUBMISSION_MIN_SECONDS: '0',
        TINA_GRAPHQL_URL: 'http://tina.internal:4001/graphql',
        TINA_GRAPHQL_TOKEN: 'tina-secret',
        SHARES_PER_CLIENT_PER_DAY: '500',
        SHARES_PER_ADVOCATE_PER_DAY: '50',
        CONVERSIONS_PER_VISITOR_PER_DAY: '2',
        EVENTS_PER_CLIENT_PER_MINUTE: '600',
      },
      '/srv/hub',
    );
    expect(config).toMatchObject({
      host: '0.0.0.0',
      port: 8080,
      dataDir: '/var/lib/hub',
      cardCacheDir: '/mnt/shared/cards',
      databaseUrl: 'postgres://hub@db:5432/hub',
      siteUrl: 'https://stories.example.com',
      adminToken: 'a-long-enough-admin-token',
      attributionWindowDays: 7,
      trustProxy: true,
      adminPassword: 'correct horse battery',
      contentDir: '/srv/content',
      mediaDir: path.resolve('/srv/hub', 'media'),
      submissionsPerDay: 20,
      submissionMinSeconds: 0,
      tinaGraphqlUrl: 'http://tina.internal:4001/graphql',
      tinaGraphqlToken: 'tina-secret',
      sharesPerClientPerDay: 500,
      sharesPerAdvocatePerDay: 50,
      conversionsPerVisitorPerDay: 2,
      eventsPerClientPerMinute: 600,
    });
  });

  it('keeps cards under DATA_DIR unless CARD_CACHE_DIR names a folder (relative to the working folder)', () => {
    expect(loadConfig({ DATA_DIR: '/var/lib/hub' }, '/srv/hub').cardCacheDir).toBe('/var/lib/hub/cards');
    expect(loadConfig({ CARD_CACHE_DIR: 'shared/cards' }, '/srv/hub').cardCacheDir).toBe('/srv/hub/shared/cards');
    expect(loadConfig({ CARD_CACHE_DIR: '' }, '/srv/hub').cardCacheDir).toBe('/srv/hub/data/cards');
  });

  it('treats an empty DATABASE_URL as unset (SQLite)', () => {
    expect(loadConfig({ DATABASE_URL: '' }).databaseUrl).toBeUndefined();
  });

  it.each([
    ['PORT', 'eighty', 'PORT="eighty": must be a number'],
    ['PORT', '70000', 'PORT="70000": must be between 0 and 65535'],
    ['DATABASE_URL', 'mysql://root@localhost/hub', 'DATABASE_URL="mysql://root@localhost/hub": must start with postgres://'],
    ['SITE_URL', 'stories.example.com', 'SITE_URL="stories.example.com": must be an absolute http(s) URL'],
    ['HUB_ADMIN_TOKEN', 'short', 'HUB_ADMIN_TOKEN="short": must be at least 16 characters'],
    ['ATTRIBUTION_WINDOW_DAYS', '0', 'ATTRIBUTION_WINDOW_DAYS="0": must be between 1 and 365 days'],
    ['TRUST_PROXY', 'yes', 'TRUST_PROXY="yes": must be true or false'],
    ['HUB_ADMIN_PASSWORD', 'hunter2', 'HUB_ADMIN_PASSWORD="hunter2": must be at least 12 characters'],
    ['SUBMISSIONS_PER_DAY', '0', 'SUBMISSIONS_PER_DAY="0": must be between 1 and 1000'],
    ['SUBMISSION_MIN_SECONDS', 'soon', 'SUBMISSION_MIN_SECONDS="soon": must be a number of seconds'],
    ['TINA_GRAPHQL_URL', 'localhost:4001', 'TINA_GRAPHQL_URL="localhost:4001": must be an absolute http(s) URL'],
    ['SITE_URL', 'ftp://stories.example.com', 'SITE_URL="ftp://stories.example.com": must be an absolute http(s) URL'],
    ['WEB_CONCURRENCY', '0', 'WEB_CONCURRENCY="0": must be between 1 and 64'],
    ['WEB_CONCURRENCY', 'auto', 'WEB_CONCURRENCY="auto": must be a number of processes'],
    ['RAW_CLICK_RETENTION_DAYS', '7', 'RAW_CLICK_RETENTION_DAYS="7": must be between 31 and 3650 days'],
    ['WEBHOOK_URL', 'hooks.example.com', 'WEBHOOK_URL="hooks.example.com": must be an absolute http(s) URL'],
    ['WEBHOOK_SECRET', 'short', 'WEBHOOK_SECRET="…": must be at least 16 characters'],
    ['WEBHOOK_EVENTS', 'share.created,click', 'WEBHOOK_EVENTS="share.created,click": lists an unknown event'],
    ['WEBHOOK_KIND', 'teams', 'WEBHOOK_KIND="teams": must be one of standard, slack'],
    ['WEBHOOKS_ALLOW_PRIVATE', 'maybe', 'WEBHOOKS_ALLOW_PRIVATE="maybe": must be true or false'],
    ['SHARES_PER_CLIENT_PER_DAY', '0', 'SHARES_PER_CLIENT_PER_DAY="0": must be between 1 and 100000'],
    ['SHARES_PER_ADVOCATE_PER_DAY', 'many', 'SHARES_PER_ADVOCATE_PER_DAY="many": must be a number'],
    ['CONVERSIONS_PER_VISITOR_PER_DAY', '1.5', 'CONVERSIONS_PER_VISITOR_PER_DAY="1.5": must be a whole number'],
    ['EVENTS_PER_CLIENT_PER_MINUTE', '-1', 'EVENTS_PER_CLIENT_PER_MINUTE="-1": must be between 1 and 100000'],
  ])('rejects %s=%s with a message that says what to fix', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });

  it('lists every wrong variable at once', () => {
    expect(() => loadConfig({ PORT: 'x', SITE_URL: 'nope' })).toThrow(/PORT[\s\S]*SITE_URL/);
  });

  describe('the webhook the environment defines', () => {
    const secret = 'whsec_c2VjcmV0LW9mLWF0LWxlYXN0LTE2';

    it('reads WEBHOOK_URL, WEBHOOK_SECRET and WEBHOOK_EVENTS (all events by default)', () => {
      expect(loadConfig({ WEBHOOK_URL: 'https://hooks.example.com/t', WEBHOOK_SECRET: secret, WEBHOOK_EVENTS: ' win.reached, share.created ' }).webhook).toEqual({
        url: 'https://hooks.example.com/t',
        secret,
        events: ['win.reached', 'share.created'],
        kind: 'standard',
      });
      expect(loadConfig({ WEBHOOK_URL: 'https://hooks.example.com/t', WEBHOOK_SECRET: secret }).webhook?.events).toHaveLength(7);
    });

    it('makes WEBHOOK_KIND=slack a chat endpoint of wins, which needs no secret', () => {
      expect(loadConfig({ WEBHOOK_URL: 'https://hooks.slack.com/services/T/B/X', WEBHOOK_KIND: 'slack' }).webhook).toEqual({
        url: 'https://hooks.slack.com/services/T/B/X',
        secret: '',
        events: ['win.reached'],
        kind: 'slack',
      });
    });

    it.each([
      [{ WEBHOOK_URL: 'https://hooks.example.com/t' }, 'WEBHOOK_SECRET="…": must be set with WEBHOOK_URL'],
      [{ WEBHOOK_SECRET: secret }, 'WEBHOOK_SECRET="…": is set without WEBHOOK_URL'],
      [{ WEBHOOK_URL: 'http://127.0.0.1:9000/hook', WEBHOOK_SECRET: secret }, 'WEBHOOK_URL="http://127.0.0.1:9000/hook": The URL points at a loopback or private network address'],
      [{ WEBHOOK_URL: 'https://stories.example.com/api', WEBHOOK_SECRET: secret, SITE_URL: 'https://stories.example.com' }, 'points at this hub itself'],
    ])('refuses %o', (env, message) => {
      expect(() => loadConfig(env)).toThrow(message);
    });

    it('allows private addresses under NODE_ENV=test or WEBHOOKS_ALLOW_PRIVATE=true, and WEBHOOKS_ALLOW_PRIVATE=false wins', () => {
      const env = { WEBHOOK_URL: 'http://127.0.0.1:9000/hook', WEBHOOK_SECRET: secret };
      expect(loadConfig({ ...env, NODE_ENV: 'test' }).webhooksAllowPrivate).toBe(true);
      expect(loadConfig({ ...env, WEBHOOKS_ALLOW_PRIVATE: 'true' }).webhooksAllowPrivate).toBe(true);
      expect(() => loadConfig({ ...env, NODE_ENV: 'test', WEBHOOKS_ALLOW_PRIVATE: 'false' })).toThrow(/loopback or private/);
    });
  });
});
