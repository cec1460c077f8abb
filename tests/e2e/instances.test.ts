import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnHub } from '../helpers/spawn-hub.ts';
import { publishedStory, storyFields, submissionClient } from '../helpers/submission-client.ts';
import { readContent } from '../helpers/read-content.ts';
import { startWebhookReceiver } from '../helpers/webhook-receiver.ts';

const url = process.env.TEST_DATABASE_URL;
const TOKEN = 'instances-test-token-0123456789';
const WEBHOOK_SECRET = 'instances webhook secret, 16+';
const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';
const others = readContent().stories.filter((story) => !story.draft && story.slug !== publishedStory.slug).slice(0, 2);

type Hub = Awaited<ReturnType<typeof spawnHub>> & { log: () => string };

/**
 * Several instances on one PostgreSQL database (as behind a load balancer): two hubs with their
 * own data folders share the database and the card cache folder. Whatever is sent through
 * either, both count it exactly, each milestone is recorded once, each event is delivered once,
 * a withdrawal reaches both.
 */
describe.skipIf(!url)('two hubs on one PostgreSQL database', () => {
  const database = `hub_instances_${process.pid}`;
  const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-instances-'));
  const shared = { CARD_CACHE_DIR: path.join(temp, 'cards'), CONTENT_DIR: path.join(temp, 'content'), MEDIA_DIR: path.join(temp, 'media') };
  let admin: pg.Client;
  let hubs: Hub[] = [];
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;

  async function start(name: string): Promise<Hub> {
    const scoped = new URL(url!);
    scoped.pathname = `/${database}`;
    const hub = await spawnHub({
      ...shared,
      DATABASE_URL: scoped.href,
      DATA_DIR: path.join(temp, name),
      HUB_ADMIN_TOKEN: TOKEN,
      HUB_ADMIN_PASSWORD: 'instances test password',
      SUBMISSION_MIN_SECONDS: '0',
      WEBHOOK_URL: receiver.url,
      WEBHOOK_SECRET,
      WEBHOOK_EVENTS: 'share.created,conversion.created',
      WEBHOOKS_ALLOW_PRIVATE: 'true',
      // Small limits, so the last test can use them up through both hubs (every request here comes from 127.0.0.1).
      SHARES_PER_CLIENT_PER_DAY: '10',
      SHARES_PER_ADVOCATE_PER_DAY: '2',
      CONVERSIONS_PER_VISITOR_PER_DAY: '1',
      SUBMISSIONS_PER_DAY: '3',
    });
    let log = '';
    hub.server.stdout!.on('data', (chunk) => (log += chunk));
    return { ...hub, log: () => log };
  }

  beforeAll(async () => {
    admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`drop database if exists ${database} with (force)`);
    await admin.query(`create database ${database}`);
    receiver = await startWebhookReceiver(WEBHOOK_SECRET, () => 200, { raw: true });
    hubs = [await start('a'), await start('b')];
  }, 120_000);

  afterAll(async () => {
    for (const hub of hubs) hub.server.kill('SIGTERM');
    await Promise.all(hubs.map((hub) => hub.exited));
    await admin.query(`drop database if exists ${database} with (force)`);
    await admin.end();
    await receiver?.close();
    fs.rmSync(temp, { recursive: true, force: true });
  });

  const post = (hub: Hub, pathname: string, body: object, headers: Record<string, string> = {}) =>
    fetch(`${hub.base}${pathname}`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const stats = async (hub: Hub, pathname: string) => (await fetch(`${hub.base}${pathname}`, { headers: { Authorization: `Bearer ${TOKEN}` } })).json();

  it('counts every share, click and conversion sent through either hub, and records each milestone once', async () => {
    const links: { code: string; story: string }[] = [];
    for (let i = 0; i < 6; i += 1) {
      const story = others[i % others.length]!.slug;
      const response = await post(hubs[i % 2]!, '/api/share', { story, channel: (['x', 'email', 'whatsapp'] as const)[i % 3], name: `Advocate ${i}` });
      expect(response.status).toBe(201);
      links.push({ code: (await response.json()).code, story });
    }
    let conversions = 0;
    for (let i = 0; i < 60; i += 1) {
      const link = links[i % links.length]!;
      const click = await fetch(`${hubs[i % 2]!.base}/r/${link.code}`, { redirect: 'manual', headers: { 'User-Agent': `${BROWSER} visitor-${i}` } });
      expect(click.status).toBe(302);
      if (i % 10 === 0) {
        const cookie = click.headers.getSetCookie()[0]!.split(';')[0]!;
        expect((await post(hubs[(i + 1) % 2]!, '/api/convert', { goal: 'newsletter' }, { Cookie: cookie, 'User-Agent': `${BROWSER} visitor-${i}` })).status).toBe(204);
        conversions += 1;
      }
    }
    for (const hub of hubs) {
      const overview = await stats(hub, '/api/stats/overview');
      expect(overview).toMatchObject({ shares: 6, clicks: 60, uniqueVisitors: 60, conversions });
      for (const story of others) {
        const perStory = await stats(hub, `/api/stats/stories/${story.slug}`);
        expect(perStory.clicks).toBe(links.filter((link) => link.story === story.slug).length * 10);
      }
    }
    // Milestones are checked shortly after the events; each is logged by the one hub that recorded it.
    const db = new pg.Client({ connectionString: Object.assign(new URL(url!), { pathname: `/${database}` }).href });
    await db.connect();
    try {
      await expect.poll(async () => (await db.query('select count(*)::int as n from milestones_reached')).rows[0].n, { timeout: 10_000 }).toBeGreaterThan(0);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const rows = (await db.query('select milestone, scope, scope_key from milestones_reached')).rows as { milestone: string; scope: string; scope_key: string }[];
      const logged = hubs.flatMap((hub) => hub.log().split('\n').filter((line) => line.startsWith('Milestone reached: ')));
      const shared = rows.filter((row) => row.scope !== 'advocate');
      expect(logged).toHaveLength(shared.length);
      expect(new Set(logged).size).toBe(logged.length);
    } finally {
      await db.end();
    }

    // Both instances run a delivery worker over the one outbox: every event arrives once.
    await expect.poll(() => receiver.received.length, { timeout: 15_000 }).toBe(links.length + conversions);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(receiver.received).toHaveLength(links.length + conversions);
    expect(receiver.received.every((message) => message.verified)).toBe(true);
    expect(new Set(receiver.received.map((message) => message.headers['webhook-id'])).size).toBe(links.length + conversions);
    const delivered = receiver.received.filter((message) => message.json?.type === 'share.created').map((message) => message.json!.data.code);
    expect(delivered.sort()).toEqual(links.map((link) => link.code).sort());
  });

  it("takes a withdrawn story's pages and cards down on both, and serves one hub's card to the other from the shared cache", async () => {
    const [a, b] = hubs as [Hub, Hub];
    const client = submissionClient(a.base);
    const sent = await client.submit({ ...storyFields('instances'), title: publishedStory.title });
    const token = /^\/submissions\/([0-9A-Za-z]+)\//.exec(sent.headers.get('location')!)![1]!;
    const list = await stats(a, '/api/dashboard/submissions');
    const id = list.submissions.find((item: { title: string }) => item.title === publishedStory.title).id;
    expect((await post(a, `/dashboard/submissions/${id}/approve`, {}, { Authorization: `Bearer ${TOKEN}` })).status).toBe(200);

    // A renders the card into the shared folder; B has never rendered it: what it serves comes from there.
    const card = `/cards/stories/${publishedStory.slug}/og.png`;
    const rendered = await fetch(`${a.base}${card}`);
    expect(rendered.status).toBe(200);
    const file = path.join(shared.CARD_CACHE_DIR, `${rendered.headers.get('etag')!.replaceAll('"', '')}.png`);
    await expect.poll(() => fs.existsSync(file)).toBe(true);
    const marked = Buffer.concat([fs.readFileSync(file), Buffer.from('served-from-the-shared-cache')]);
    fs.writeFileSync(file, marked);
    const fromB = await fetch(`${b.base}${card}`);
    expect(Buffer.from(await fromB.arrayBuffer()).equals(marked)).toBe(true);

    expect((await fetch(`${b.base}/stories/${publishedStory.slug}/`)).status).toBe(200);
    const withdrawn = await fetch(`${a.base}/submissions/${token}/withdraw`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    expect(withdrawn.status).toBe(200);
    for (const hub of hubs) {
      await expect.poll(async () => (await fetch(`${hub.base}/stories/${publishedStory.slug}/`)).status, { timeout: 5_000 }).toBe(410);
      expect((await fetch(`${hub.base}${card}`)).status).toBe(404);
      expect((await fetch(`${hub.base}/api/public/stories/${publishedStory.slug}`)).status).toBe(404);
    }
    expect(fs.existsSync(file)).toBe(false);
  });

  it('enforces every limit across both hubs: shares per client and per advocate, conversions per visitor and goal, submissions per address, one story per form stamp', async () => {
    const [a, b] = hubs as [Hub, Hub];
    const story = others[0]!.slug;
    const overview = () => stats(a, '/api/stats/overview');
    const before = await overview();
    const share = (hub: Hub, channel: string, cookie?: string) => post(hub, '/api/share', { story, channel }, cookie ? { Cookie: cookie } : {});

    // The first test made 6 links from this address; SHARES_PER_CLIENT_PER_DAY is 10.
    const first = await share(a, 'linkedin');
    expect(first.status).toBe(201);
    const advocate = first.headers.getSetCookie()[0]!.split(';')[0]!;
    const { code } = await first.json();
    expect((await share(b, 'facebook', advocate)).status).toBe(201);
    expect((await share(a, 'qr', advocate)).status).toBe(201);
    const overAdvocate = await share(b, 'native', advocate);
    expect(overAdvocate.status).toBe(429);
    expect((await overAdvocate.json()).error.message).toMatch(/^You have made many share links today/);
    expect((await share(a, 'other')).status).toBe(201);
    const overClient = await share(b, 'copy');
    expect(overClient.status).toBe(429);
    expect(Number(overClient.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await overClient.json()).error.message).toMatch(/^Many share links were made from your network today/);
    // Refused shares made nothing: the counts (the public one too) and the milestones see only the accepted ones.
    for (const hub of hubs) expect((await stats(hub, '/api/stats/overview')).shares).toBe(before.shares + 4);
    const publicCounts = await (await fetch(`${b.base}/api/public/stories/${story}`)).json();
    expect(publicCounts.shares).toBe((await stats(a, `/api/stats/stories/${story}`)).shares);

    const click = await fetch(`${a.base}/r/${code}`, { redirect: 'manual', headers: { 'User-Agent': `${BROWSER} converter` } });
    expect(click.status).toBe(302);
    const visitor = { Cookie: click.headers.getSetCookie()[0]!.split(';')[0]!, 'User-Agent': `${BROWSER} converter` };
    expect((await post(b, '/api/convert', { goal: 'newsletter' }, visitor)).status).toBe(204);
    const again = await post(a, '/api/convert', { goal: 'newsletter' }, visitor);
    expect(again.status).toBe(429);
    expect((await again.json()).error.message).toMatch(/^This goal was already recorded for you/);
    expect((await post(a, '/api/convert', { goal: 'donate' }, visitor)).status).toBe(204);
    expect((await overview()).conversions).toBe(before.conversions + 2);

    // SUBMISSIONS_PER_DAY is 3 and the second test sent one; a stamp served by A is refused by either hub once used.
    const clientA = submissionClient(a.base);
    const clientB = submissionClient(b.base);
    const stamp = await clientA.started();
    expect((await clientB.submit(storyFields('limits-1'), { stamp })).status).toBe(303);
    const reused = await clientA.submit(storyFields('limits-2'), { stamp });
    expect(reused.status).toBe(400);
    expect(await reused.text()).toContain('This form was already sent once');
    expect((await clientA.submit(storyFields('limits-3'), { userAgent: 'another browser' })).status).toBe(303);
    const overSubmissions = await clientB.submit(storyFields('limits-4'), { userAgent: 'yet another browser' });
    expect(overSubmissions.status).toBe(429);
    expect(await overSubmissions.text()).toContain('Several stories were sent from your network today already');
  });

  it('limits sign-in attempts across both hubs: the 11th try in a quarter of an hour is refused on either, even with the right password', async () => {
    const [a, b] = hubs as [Hub, Hub];
    for (let i = 0; i < 10; i += 1) expect((await submissionClient(hubs[i % 2]!.base).login('not the password')).response.status).toBe(401);
    for (const hub of [a, b]) {
      const blocked = await submissionClient(hub.base).login('instances test password');
      expect(blocked.response.status).toBe(429);
      expect(Number(blocked.response.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(blocked.session).toBeUndefined();
    }
  });
});
