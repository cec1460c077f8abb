import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningHub } from '../../src/server/start-hub.ts';
import { readContent } from '../helpers/read-content.ts';
import { startTestHub } from '../helpers/start-test-hub.ts';

const TOKEN = 'e2e-admin-token-0123456789';
const BROWSER = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';
const stories = readContent().stories.filter((story) => !story.draft);
const slug = stories[0]!.slug;

let hub: RunningHub;
beforeAll(async () => {
  hub = await startTestHub({ HUB_ADMIN_TOKEN: TOKEN });
});
afterAll(async () => {
  await hub?.close();
});

const request = (path: string, init: RequestInit = {}) => fetch(`${hub.url}${path}`, { redirect: 'manual', ...init });
const cookieOf = (response: Response, name: string) =>
  response.headers.getSetCookie().find((cookie) => cookie.startsWith(`${name}=`))?.split(';')[0];

async function share(body: object, cookie?: string) {
  const response = await request('/api/share', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(cookie ? { Cookie: cookie } : {}) },
    body: JSON.stringify(body),
  });
  return { response, body: await response.json(), advocate: cookieOf(response, 'hub_adv') };
}

const click = (code: string, headers: Record<string, string> = {}, method = 'GET') =>
  request(`/r/${code}`, { method, headers: { 'User-Agent': BROWSER, ...headers } });

const stats = async (path: string) =>
  (await request(path, { headers: { Authorization: `Bearer ${TOKEN}` } })).json();

describe('POST /api/share', () => {
  it('creates a link (201), then gives the same advocate the same one (200)', async () => {
    const first = await share({ story: slug, channel: 'x', name: 'Ana' });
    expect(first.response.status).toBe(201);
    expect(first.body).toEqual({
      code: expect.stringMatching(/^[0-9A-Za-z]{10}$/),
      url: `http://localhost:4321/r/${first.body.code}`,
      cardUrl: `http://localhost:4321/cards/links/${first.body.code}/og.png`,
      story: slug,
      channel: 'x',
      parent: null,
      generation: 1,
    });
    const cookie = first.response.headers.getSetCookie()[0]!;
    expect(cookie).toMatch(/^hub_adv=[^;]+; Path=\/; Max-Age=31536000; HttpOnly; SameSite=Lax$/);
    const again = await share({ story: slug, channel: 'x' }, first.advocate);
    expect(again.response.status).toBe(200);
    expect(again.body.code).toBe(first.body.code);
  });

  it('answers a form post without JavaScript with the page that shows the link', async () => {
    const response = await request('/api/share', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ story: slug, channel: 'copy', name: '' }).toString(),
    });
    expect(response.status).toBe(303);
    const location = response.headers.get('location')!;
    expect(location).toMatch(new RegExp(`^/stories/${slug}/share/[0-9A-Za-z]{10}/$`));
    const page = await request(location);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(`http://localhost:4321/r/${location.split('/')[4]}`);
    expect(html).toContain('<meta name="robots" content="noindex">');
  });

  it.each([
    ['an unknown story', { story: 'no-such-story', channel: 'x' }, 404, 'unknown_story'],
    ['a malformed slug', { story: '../../etc/passwd', channel: 'x' }, 400, 'invalid_request'],
    ['an unknown channel', { story: slug, channel: 'myspace' }, 400, 'invalid_request'],
    ['a missing channel', { story: slug }, 400, 'invalid_request'],
    ['a name with markup', { story: slug, channel: 'x', name: '<script>alert(1)</script>' }, 400, 'invalid_request'],
    ['an unknown parent', { story: slug, channel: 'email', parent: 'NoSuchCode9' }, 400, 'unknown_parent'],
  ])('rejects %s', async (_case, body, status, code) => {
    const result = await share(body);
    expect(result.response.status).toBe(status);
    expect(result.body).toEqual({ error: { code, message: expect.any(String) } });
  });

  it.each([
    ['malformed JSON', 'application/json', '{"story":', 400],
    ['a JSON array', 'application/json', '[]', 400],
    ['plain text', 'text/plain', 'story=x', 415],
    ['an oversized body', 'application/json', JSON.stringify({ story: slug, channel: 'x', name: 'x'.repeat(10_000) }), 413],
  ])('rejects %s', async (_case, type, body, status) => {
    const response = await request('/api/share', { method: 'POST', headers: { 'Content-Type': type }, body });
    expect(response.status).toBe(status);
    expect((await response.json()).error.message).toBeTruthy();
  });

  it('answers GET with 405 and Allow: POST', async () => {
    const response = await request('/api/share');
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
  });

  it('refuses a post started by another site', async () => {
    const response = await request('/api/share', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: 'https://evil.example' },
      body: JSON.stringify({ story: slug, channel: 'x' }),
    });
    expect(response.status).toBe(403);
  });

  it('draws the link as a QR code', async () => {
    const { body } = await share({ story: slug, channel: 'qr' });
    const response = await request(`/api/share/${body.code}/qr.svg`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/svg+xml');
    expect(await response.text()).toMatch(/^<svg/);
  });
});

describe('GET /r/<code>', () => {
  it('counts a person, sets the attribution cookie and redirects to the story', async () => {
    const { body } = await share({ story: slug, channel: 'linkedin' });
    const response = await click(body.code);
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe(`/stories/${slug}/#via=linkedin`);
    expect(cookieOf(response, 'hub_ref')).toBeDefined();
    expect((await stats(`/api/stats/links/${body.code}`)).clicks).toBe(1);
  });

  it('honours Global Privacy Control and Do Not Track: counted, but no cookie', async () => {
    const { body } = await share({ story: slug, channel: 'facebook' });
    for (const header of [{ 'Sec-GPC': '1' }, { DNT: '1' }] as Record<string, string>[]) {
      const response = await click(body.code, header);
      expect(response.status).toBe(302);
      expect(response.headers.getSetCookie()).toEqual([]);
    }
    expect((await stats(`/api/stats/links/${body.code}`)).clicks).toBe(2);
  });

  it('clears the attribution cookie of a visitor who clicks again sending GPC or DNT, so a later conversion is credited to no link', async () => {
    for (const optOut of [{ 'Sec-GPC': '1' }, { DNT: '1' }] as Record<string, string>[]) {
      const a = (await share({ story: slug, channel: 'x' })).body.code;
      const b = (await share({ story: slug, channel: 'email' })).body.code;
      const attribution = cookieOf(await click(a), 'hub_ref')!;
      const second = await click(b, { ...optOut, Cookie: attribution });
      expect(second.status).toBe(302);
      const cleared = second.headers.getSetCookie();
      expect(cleared).toHaveLength(1);
      expect(cleared[0]).toMatch(/^hub_ref=; Path=\/; Max-Age=0; HttpOnly; SameSite=Lax/);
      // A browser that kept the old cookie anyway still sends GPC: nothing is credited, and the cookie is cleared again.
      const converted = await request('/api/convert', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'User-Agent': `${BROWSER} ${b}`, Cookie: attribution, ...optOut },
        body: JSON.stringify({ goal: 'newsletter' }),
      });
      expect(converted.status).toBe(204);
      expect(converted.headers.getSetCookie()[0]).toMatch(/^hub_ref=; Path=\/; Max-Age=0/);
      for (const code of [a, b]) expect((await stats(`/api/stats/links/${code}`)).conversions).toBe(0);
    }
  });

  it('answers previews, bots and HEAD with the story preview and counts them only as excluded', async () => {
    const { body } = await share({ story: slug, channel: 'whatsapp' });
    const preview = await click(body.code, { 'User-Agent': 'WhatsApp/2.23.20.0 A' });
    expect(preview.status).toBe(200);
    expect(await preview.text()).toContain(`<meta property="og:title" content="${stories[0]!.title.replace(/"/g, '&quot;')}">`);
    await click(body.code, { 'User-Agent': 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)' });
    const head = await click(body.code, {}, 'HEAD');
    expect(head.status).toBe(200);
    const numbers = await stats(`/api/stats/links/${body.code}`);
    expect(numbers.clicks).toBe(0);
    expect(numbers.excluded).toEqual({ bot: 1, preview: 1, head: 1 });
  });

  it.each(['/r/..%2f..', '/r/https:%2f%2fevil.example', '/r/https://evil.example', '/r/%2F%2Fevil.example', '/r/short', '/r/ZZZZZZZZZZ', '/r/'])(
    'never redirects for %s: 404 page',
    async (path) => {
      const response = await request(path, { headers: { 'User-Agent': BROWSER } });
      expect(response.status).toBe(404);
      expect(response.headers.get('location')).toBeNull();
    },
  );

  it('loses no click when 200 arrive at once', async () => {
    const { body } = await share({ story: slug, channel: 'other' });
    const responses = await Promise.all(Array.from({ length: 200 }, () => click(body.code)));
    expect(responses.every((response) => response.status === 302)).toBe(true);
    expect((await stats(`/api/stats/links/${body.code}`)).clicks).toBe(200);
  });
});

describe('the loop: click, reshare, convert', () => {
  it('makes the visitor who shares a child of the link they came through, and credits their conversion', async () => {
    const root = await share({ story: slug, channel: 'email' });
    const visit = await click(root.body.code);
    const attribution = cookieOf(visit, 'hub_ref')!;
    const child = await share({ story: slug, channel: 'copy' }, attribution);
    expect(child.body).toMatchObject({ parent: root.body.code, generation: 2 });

    const converted = await request('/api/convert', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Cookie: attribution },
      body: JSON.stringify({ goal: 'newsletter' }),
    });
    expect(converted.status).toBe(204);
    const fromRoot = await stats(`/api/stats/links/${root.body.code}`);
    expect(fromRoot).toMatchObject({ shares: 2, reshares: 1, clicks: 1, uniqueVisitors: 1, conversions: 1, kFactor: 0.5 });
  });

  it('records a conversion without a referral link as unattributed', async () => {
    const response = await request('/api/convert', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"goal":"cta-join"}' });
    expect(response.status).toBe(204);
  });

  it.each([
    ['a missing goal', '{}'],
    ['a goal with spaces', '{"goal":"sign up"}'],
    ['a goal that is too long', JSON.stringify({ goal: 'x'.repeat(41) })],
  ])('rejects %s with 400', async (_case, body) => {
    const response = await request('/api/convert', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
    expect(response.status).toBe(400);
  });
});

describe('stats endpoints', () => {
  it.each([`/api/stats/stories/${slug}`, '/api/stats/links/AAAAAAAAAA'])('answers %s with 401 without the token', async (path) => {
    for (const headers of [{}, { Authorization: 'Bearer wrong-token-000000000' }, { Authorization: TOKEN }] as Record<string, string>[]) {
      const response = await request(path, { headers });
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer');
    }
  });

  it('answers story stats with every field of the contract', async () => {
    const body = await stats(`/api/stats/stories/${slug}`);
    expect(Object.keys(body).sort()).toEqual(
      [
        'story', 'shares', 'clicks', 'uniqueVisitors', 'conversions', 'reshares', 'kFactor', 'visitorsPerLink', 'resharesPerVisitor', 'cycleTimeSeconds', 'generations', 'channels', 'excluded', 'segments',
        'views', 'readers', 'reads', 'readRate', 'shareRate', 'sources', 'goals',
      ].sort(),
    );
    expect(body.kFactor).toBeCloseTo(body.visitorsPerLink * body.resharesPerVisitor, 2);
  });

  it.each([
    ['?from=yesterday', 400],
    ['?from=2026-13-45', 400],
    ['?from=2026-11-05&to=2026-11-01', 400],
    ['?from=2000-01-01&to=2000-01-02', 200],
  ])('validates the period %s', async (query, status) => {
    const response = await request(`/api/stats/stories/${slug}${query}`, { headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(response.status).toBe(status);
    if (status === 200) expect((await response.json()).clicks).toBe(0);
  });

  it('answers unknown stories and links with 404', async () => {
    expect((await request('/api/stats/stories/nope', { headers: { Authorization: `Bearer ${TOKEN}` } })).status).toBe(404);
    expect((await request('/api/stats/links/AAAAAAAAAA', { headers: { Authorization: `Bearer ${TOKEN}` } })).status).toBe(404);
  });

  it('offers public counts without the token, and nothing per visitor', async () => {
    const response = await request(`/api/public/stories/${slug}`);
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(Object.keys(body).sort()).toEqual(['clicks', 'shares', 'story', 'wins']);
    expect(body.shares).toBeGreaterThan(0);
  });
});

describe('momentum', () => {
  it('celebrates a story\'s small wins on its public counts once a reshare happens, from the milestones in content/', async () => {
    const other = stories[stories.length - 1]!.slug;
    const root = await share({ story: other, channel: 'whatsapp' });
    const visit = await click(root.body.code, { 'User-Agent': `${BROWSER} momentum` });
    const attribution = cookieOf(visit, 'hub_ref')!;
    const child = await share({ story: other, channel: 'email' }, attribution);
    expect(child.body).toMatchObject({ parent: root.body.code, generation: 2 });

    await expect
      .poll(async () => (await (await request(`/api/public/stories/${other}`)).json()).wins.map((win: { name: string }) => win.name), { timeout: 5_000 })
      .toEqual(expect.arrayContaining(['First share', 'Passed on']));
    const { wins } = await (await request(`/api/public/stories/${other}`)).json();
    expect(wins[0]).toEqual({
      id: expect.stringMatching(/^[A-Za-z0-9_-]{16}$/),
      name: expect.any(String),
      message: expect.any(String),
      reachedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      url: `/wins/${wins[0].id}/`,
    });
  });
});
