import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/lib/config/load-config.ts';
import type { DbHandle } from '../../../src/lib/db/create-db.ts';
import { createAbuseLimiter } from '../../../src/lib/limits/create-abuse-limiter.ts';
import { createSigner } from '../../../src/lib/referrals/create-signer.ts';
import { createVisitorHasher } from '../../../src/lib/referrals/create-visitor-hasher.ts';
import { createHttpApp } from '../../../src/server/http/create-http-app.ts';
import { HttpError } from '../../../src/server/http/http-error.ts';
import type { RouteSpec } from '../../../src/server/http/route-spec.ts';
import { createRequestLimits } from '../../../src/server/limits/create-request-limits.ts';
import { migratedDatabases } from '../../helpers/migrated-db.ts';

const routes: RouteSpec[] = [
  { methods: ['POST'], path: '/share', handler: 'ok', answers: 'api', body: { limit: 1024, types: ['json'] }, limit: ['share-client', 'share-advocate'], summary: 'share' },
  { methods: ['POST'], path: '/convert', handler: 'ok', answers: 'api', body: { limit: 1024, types: ['json'] }, limit: ['conversion-visitor'], summary: 'convert' },
  { methods: ['POST'], path: '/event', handler: 'ok', answers: 'api', body: { limit: 1024, types: ['json'] }, limit: ['event-client'], summary: 'event' },
];

describe.each(migratedDatabases)('the abuse limits of requests, on $name', ({ open }) => {
  let handle: DbHandle;
  let app: FastifyInstance;
  const signer = createSigner(randomBytes(32));
  const config = loadConfig({ SHARES_PER_CLIENT_PER_DAY: '3', SHARES_PER_ADVOCATE_PER_DAY: '2', CONVERSIONS_PER_VISITOR_PER_DAY: '1', EVENTS_PER_CLIENT_PER_MINUTE: '2' });

  beforeAll(async () => {
    handle = await open();
    // A clock that stands still in the middle of a minute: the minute window cannot roll over mid-test.
    const now = () => Math.floor(Date.now() / 60_000) * 60_000 + 30_000;
    const limits = createRequestLimits({ config, limiter: createAbuseLimiter(handle.db, now), hasher: createVisitorHasher(handle.db), signer, now });
    app = createHttpApp(routes, { ok: (_request: FastifyRequest) => ({ ok: true }) }, {
      siteUrl: 'http://hub.example',
      trustProxy: false,
      authenticate: () => undefined,
      checkCsrf: () => undefined,
      unauthorizedMessage: () => 'no',
      sendErrorPage: (_request, reply, error: HttpError) => reply.code(error.status).send(error.message),
      takeLimits: (request, names) => limits.take(request, names),
    });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await handle.close();
  });

  const post = (url: string, options: { address: string; userAgent?: string; advocate?: string; payload?: object }) =>
    app.inject({
      method: 'POST',
      url,
      remoteAddress: options.address,
      payload: options.payload ?? {},
      headers: {
        'content-type': 'application/json',
        'user-agent': options.userAgent ?? 'Mozilla/5.0',
        ...(options.advocate ? { cookie: `hub_adv=${encodeURIComponent(signer.sign(options.advocate))}` } : {}),
      },
    });

  it('limits shares per client address whatever the browser, and tells the person when to try again', async () => {
    for (let i = 0; i < 3; i += 1) expect((await post('/share', { address: '203.0.113.1', userAgent: `agent ${i}` })).statusCode).toBe(200);
    const refused = await post('/share', { address: '203.0.113.1', userAgent: 'yet another agent' });
    expect(refused.statusCode).toBe(429);
    const seconds = Number(refused.headers['retry-after']);
    expect(seconds).toBeGreaterThan(0);
    expect(seconds).toBeLessThanOrEqual(86_400);
    expect(refused.json().error).toMatchObject({ code: 'rate_limited', message: expect.stringMatching(/^Many share links were made from your network today.*\(in \d+ (hours|minutes?)\)$/) });
    expect((await post('/share', { address: '203.0.113.2' })).statusCode).toBe(200);
  });

  it("limits an advocate's shares from any address, without spending the client's hits on a refusal", async () => {
    expect((await post('/share', { address: '198.51.100.1', advocate: 'adv-1' })).statusCode).toBe(200);
    expect((await post('/share', { address: '198.51.100.2', advocate: 'adv-1' })).statusCode).toBe(200);
    expect((await post('/share', { address: '198.51.100.3', advocate: 'adv-1' })).statusCode).toBe(429);
    // 198.51.100.3's refused share gave its client hit back: three more are allowed.
    for (let i = 0; i < 3; i += 1) expect((await post('/share', { address: '198.51.100.3', advocate: `other-${i}` })).statusCode).toBe(200);
    expect((await post('/share', { address: '198.51.100.3', advocate: 'other-9' })).statusCode).toBe(429);
  });

  it('limits conversions per visitor and goal: another goal, or another visitor, is still counted', async () => {
    const visitor = { address: '192.0.2.7', userAgent: 'Firefox' };
    expect((await post('/convert', { ...visitor, payload: { goal: 'newsletter' } })).statusCode).toBe(200);
    expect((await post('/convert', { ...visitor, payload: { goal: 'newsletter' } })).statusCode).toBe(429);
    expect((await post('/convert', { ...visitor, payload: { goal: 'donate' } })).statusCode).toBe(200);
    expect((await post('/convert', { ...visitor, userAgent: 'Chrome', payload: { goal: 'newsletter' } })).statusCode).toBe(200);
  });

  it('limits event beacons per client per minute', async () => {
    expect((await post('/event', { address: '192.0.2.50' })).statusCode).toBe(200);
    expect((await post('/event', { address: '192.0.2.50' })).statusCode).toBe(200);
    const refused = await post('/event', { address: '192.0.2.50' });
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(60);
  });

  it('stores keyed hashes only: no address, browser or advocate id in the counters', async () => {
    const rows = await handle.db.selectFrom('limit_counts').selectAll().execute();
    expect(rows.length).toBeGreaterThan(0);
    const dump = JSON.stringify(rows);
    for (const secret of ['203.0.113', '198.51.100', '192.0.2', 'Firefox', 'Chrome', 'adv-1', 'newsletter']) expect(dump).not.toContain(secret);
    for (const row of rows) expect(row.key).toMatch(/^[0-9a-f]{32}$/);
  });
});
