import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningHub } from '../../src/server/start-hub.ts';
import { readContent } from '../helpers/read-content.ts';
import { startTestHub } from '../helpers/start-test-hub.ts';
import { bots, people, previews } from '../helpers/user-agents.ts';

const TOKEN = 'e2e-admin-token-0123456789';
const stories = readContent().stories.filter((story) => !story.draft);
const slug = stories[0]!.slug;
const other = stories[1]!.slug;
const PHONE = people[0][1];

let hub: RunningHub;
beforeAll(async () => {
  hub = await startTestHub({ HUB_ADMIN_TOKEN: TOKEN });
});
afterAll(async () => {
  await hub?.close();
});

let nextAddress = 1;
/** A reader of their own: a distinct forwarded address is not trusted (TRUST_PROXY off), so each gets its own user agent. */
const reader = (agent = PHONE) => `${agent} reader/${nextAddress++}`;

function post(body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${hub.url}/api/event`, {
    method: 'POST',
    headers: { 'Content-Type': 'text/plain;charset=UTF-8', 'User-Agent': PHONE, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}
const pageUrl = (path: string) => `${hub.url}${path}`;
const event = (name: 'view' | 'read', path: string, referrer = '') => ({ name, url: pageUrl(path), referrer });

type PageRow = { page: string; views: number; readers: number; reads: number };
async function pageRow(page: string): Promise<PageRow> {
  const { rows } = await sql<PageRow>`select page, sum(views) as views, sum(readers) as readers, sum(reads) as reads from page_daily where page = ${page} group by page`.execute(hub.services.db.db);
  const row = rows[0];
  return { page, views: Number(row?.views ?? 0), readers: Number(row?.readers ?? 0), reads: Number(row?.reads ?? 0) };
}
async function excluded(page: string): Promise<Record<string, number>> {
  const rows = await hub.services.db.db.selectFrom('page_excluded_daily').select(['reason', 'hits']).where('page', '=', page).execute();
  return Object.fromEntries(rows.map((row) => [row.reason, Number(row.hits)]));
}
async function sources(page: string) {
  const rows = await hub.services.db.db.selectFrom('source_daily').select(['channel', 'source', 'medium', 'campaign', 'views', 'readers']).where('page', '=', page).orderBy(['channel', 'source']).execute();
  return rows.map((row) => ({ ...row, views: Number(row.views), readers: Number(row.readers) }));
}
const readerDays = async () => Number((await sql<{ n: number }>`select count(*) as n from reader_days`.execute(hub.services.db.db)).rows[0]!.n);

describe('POST /api/event: the contract', () => {
  it('answers 202 with no body once a view is committed, as JSON or as sendBeacon text/plain', async () => {
    const page = `/stories/${slug}/`;
    const before = await pageRow(page);
    const json = await post(event('view', page), { 'Content-Type': 'application/json', 'User-Agent': reader() });
    expect(json.status).toBe(202);
    expect(await json.text()).toBe('');
    expect(json.headers.get('content-type')).toBeNull();
    const beacon = await post(event('view', page), { 'User-Agent': reader() });
    expect(beacon.status).toBe(202);
    // Committed before the 202: the rollup already holds both.
    expect(await pageRow(page)).toEqual({ ...before, views: before.views + 2, readers: before.readers + 2 });
  });

  it.each<[string, RequestInit & { headers?: Record<string, string> }, number]>([
    ['a body over 2 KB', { body: JSON.stringify({ name: 'view', url: 'x'.repeat(2_100) }) }, 413],
    ['another content type', { body: 'name=view', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } }, 415],
    ['a body that is not JSON', { body: '{"name": "view",' }, 400],
    ['a JSON array', { body: '[]' }, 400],
    ['an unknown event name', { body: JSON.stringify({ name: 'click', url: 'http://localhost:4321/' }) }, 400],
    ['no url', { body: JSON.stringify({ name: 'view' }) }, 400],
    ['a url that is not one', { body: JSON.stringify({ name: 'view', url: 'not a url' }) }, 400],
    ['another site', { body: JSON.stringify({ name: 'view', url: 'https://elsewhere.example/stories/' }) }, 400],
    ['a file, not a page', { body: JSON.stringify({ name: 'view', url: 'http://localhost:4321/favicon.svg' }) }, 400],
    ['a page that does not exist', { body: JSON.stringify({ name: 'view', url: 'http://localhost:4321/stories/no-such-story/' }) }, 400],
    ['a private page', { body: JSON.stringify({ name: 'view', url: 'http://localhost:4321/dashboard/' }) }, 400],
    ['a write started by another site', { body: JSON.stringify({ name: 'view', url: 'http://localhost:4321/' }), headers: { Origin: 'https://elsewhere.example' } }, 403],
  ])('refuses %s', async (_case, init, status) => {
    const response = await fetch(`${hub.url}/api/event`, { method: 'POST', ...init, headers: { 'Content-Type': 'text/plain', 'User-Agent': PHONE, ...init.headers } });
    expect(response.status).toBe(status);
    expect((await response.json()).error.message).toBeTruthy();
  });

  it.each(['GET', 'PUT', 'DELETE'])('answers %s with 405 and Allow: POST', async (method) => {
    const response = await fetch(`${hub.url}/api/event`, { method });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
  });

  it('counts a page under SITE_URL as well as under the address it was served from', async () => {
    const before = await pageRow('/purpose/');
    expect((await post({ name: 'view', url: 'http://localhost:4321/purpose/?utm_source=x' }, { 'User-Agent': reader() })).status).toBe(202);
    expect((await pageRow('/purpose/')).views).toBe(before.views + 1);
  });
});

describe('readers and reads', () => {
  it('counts a reader once per page and day, and a read once per reader', async () => {
    const page = `/stories/${other}/`;
    const agent = reader();
    for (const name of ['view', 'view', 'read', 'read', 'view'] as const) expect((await post(event(name, page), { 'User-Agent': agent })).status).toBe(202);
    expect(await pageRow(page)).toEqual({ page, views: 3, readers: 1, reads: 1 });
    // The same person on another page is that page's reader too.
    await post(event('view', '/journeys/'), { 'User-Agent': agent });
    expect((await pageRow('/journeys/')).readers).toBeGreaterThanOrEqual(1);
  });

  it('counts a read without a view first as a reader who read', async () => {
    const page = '/stories/';
    const before = await pageRow(page);
    await post(event('read', page), { 'User-Agent': reader() });
    expect(await pageRow(page)).toEqual({ ...before, readers: before.readers + 1, reads: before.reads + 1 });
  });

  it('counts visitors who send GPC or DNT, once, and stores nothing about them', async () => {
    const page = '/';
    const before = await pageRow(page);
    const rowsBefore = await readerDays();
    for (const header of [{ 'Sec-GPC': '1' }, { DNT: '1' }] as Record<string, string>[]) {
      const agent = reader();
      for (const name of ['view', 'view', 'read', 'read'] as const) expect((await post(event(name, page), { 'User-Agent': agent, ...header })).status).toBe(202);
    }
    expect(await pageRow(page)).toEqual({ page, views: before.views + 4, readers: before.readers + 2, reads: before.reads + 2 });
    expect(await readerDays()).toBe(rowsBefore);
  });
});

describe('traffic that is not a reader', () => {
  const page = `/journeys/`;
  it.each([...previews.map(([name, agent]) => [`the ${name} preview`, agent, 'preview'] as const), ...bots.map(([name, agent]) => [name, agent, 'bot'] as const)])(
    'never counts %s as a reader: it goes to the excluded ledger',
    async (_name, agent, reason) => {
      const before = await pageRow(page);
      const ledger = await excluded(page);
      const response = await post(event('view', page), { 'User-Agent': agent });
      expect(response.status).toBe(202);
      expect(await pageRow(page)).toEqual(before);
      expect((await excluded(page))[reason]).toBe((ledger[reason] ?? 0) + 1);
    },
  );

  it.each(['prefetch;prerender', 'prefetch'])('never counts a fetch with Sec-Purpose: %s', async (purpose) => {
    const before = await pageRow(page);
    const ledger = await excluded(page);
    expect((await post(event('view', page), { 'User-Agent': reader(), 'Sec-Purpose': purpose })).status).toBe(202);
    expect(await pageRow(page)).toEqual(before);
    expect((await excluded(page)).prerender).toBe((ledger.prerender ?? 0) + 1);
  });
});

describe('GET /api/event.gif: the noscript beacon', () => {
  it('counts a view and answers a 1x1 GIF', async () => {
    const page = `/stories/${slug}/`;
    const before = await pageRow(page);
    const response = await fetch(`${hub.url}/api/event.gif?name=view&url=${encodeURIComponent(`http://localhost:4321${page}`)}`, { headers: { 'User-Agent': reader() } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/gif');
    const gif = Buffer.from(await response.arrayBuffer());
    expect(gif.subarray(0, 6).toString('latin1')).toBe('GIF89a');
    expect([gif.readUInt16LE(6), gif.readUInt16LE(8)]).toEqual([1, 1]);
    expect(await pageRow(page)).toEqual({ ...before, views: before.views + 1, readers: before.readers + 1 });
  });

  it('refuses an off-site URL', async () => {
    expect((await fetch(`${hub.url}/api/event.gif?name=view&url=${encodeURIComponent('https://elsewhere.example/')}`)).status).toBe(400);
  });

  it('is in every public page, with the beacon, and in no private page', async () => {
    const story = await (await fetch(`${hub.url}/stories/${slug}/`)).text();
    expect(story).toContain(`<img class="reader-pixel" src="/api/event.gif?name=view&amp;url=${encodeURIComponent(`http://localhost:4321/stories/${slug}/`)}"`);
    expect(story).toContain('navigator');
    expect(story).toMatch(/class="prose" data-read-end/);
    const missing = await (await fetch(`${hub.url}/no-such-page/`)).text();
    expect(missing).not.toContain('/api/event');
  });
});

describe('sources', () => {
  it('groups utm parameters, referrers and share links into channels, per page and day', async () => {
    const page = `/journeys/${readContent().journeys[0]!.slug}/`;
    const views: [string, string][] = [
      [`${page}?utm_source=Newsletter&utm_medium=email&utm_campaign=Spring%20Repairs`, ''],
      [`${page}?utm_source=facebook&utm_medium=social`, ''],
      [page, 'https://www.google.co.uk/'],
      [page, 'https://t.co/abc'],
      [page, 'https://web.whatsapp.com/'],
      [page, 'https://a-blog.example/post'],
      [page, ''],
      [page, `${hub.url}/stories/`],
      [`${page}#via=whatsapp`, 'https://l.facebook.com/'],
    ];
    for (const [path, referrer] of views) expect((await post({ name: 'view', url: pageUrl(path), referrer }, { 'User-Agent': reader() })).status).toBe(202);
    const row = (channel: string, source: string, medium = '', campaign = '') => ({ channel, source, medium, campaign, views: 1, readers: 1 });
    expect(await sources(page)).toEqual([
      row('chat', 'web.whatsapp.com'),
      row('direct', ''),
      row('email', 'newsletter', 'email', 'spring repairs'),
      row('internal', ''),
      row('referral', 'a-blog.example'),
      row('search', 'google.co.uk'),
      row('share link', 'whatsapp'),
      row('social', 'facebook', 'social'),
      row('social', 't.co'),
    ]);
  });
});
