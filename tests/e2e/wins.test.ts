import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningHub } from '../../src/server/start-hub.ts';
import { readContent } from '../helpers/read-content.ts';
import { startTestHub } from '../helpers/start-test-hub.ts';

const TOKEN = 'e2e-admin-token-0123456789';
const BROWSER = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';
const SITE = 'http://localhost:4321';
const stories = readContent().stories.filter((story) => !story.draft);
const story = stories[0]!;
const otherStory = stories[1]!;

let hub: RunningHub;
const request = (path: string, init: RequestInit = {}) => fetch(`${hub.url}${path}`, { redirect: 'manual', ...init });
const cookieOf = (response: Response) => response.headers.getSetCookie().find((cookie) => cookie.startsWith('hub_adv='))?.split(';')[0];
const stats = async (path: string) => (await request(path, { headers: { Authorization: `Bearer ${TOKEN}` } })).json();

async function share(body: object, cookie?: string) {
  const response = await request('/api/share', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(cookie ? { Cookie: cookie } : {}) },
    body: JSON.stringify(body),
  });
  return { response, body: await response.json(), cookie: cookieOf(response) ?? cookie };
}

type PublicWin = { id: string; name: string; message: string; reachedAt: string; url: string };

/** `find`'s answer once it has one: momentum records wins 200 ms after the write that crossed them. */
async function eventually<T>(find: () => Promise<T | undefined>, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error('not found in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The story's win named `name`, once recorded. */
const storyWin = (slug: string, name: string) =>
  eventually(async () => {
    const { wins } = (await (await request(`/api/public/stories/${slug}`)).json()) as { wins: PublicWin[] };
    return wins.find((win) => win.name === name);
  });

let ana: Awaited<ReturnType<typeof share>>;
let firstShare: PublicWin;
beforeAll(async () => {
  hub = await startTestHub({ HUB_ADMIN_TOKEN: TOKEN });
  ana = await share({ story: story.slug, channel: 'whatsapp', name: 'Ana' });
  firstShare = await storyWin(story.slug, 'First share');
});
afterAll(() => hub?.close());

describe('a story\'s wins on its live fragment', () => {
  it('lists each win with its public id and page, keeping the earlier fields', () => {
    expect(firstShare).toEqual({
      id: expect.stringMatching(/^[A-Za-z0-9_-]{16}$/),
      name: 'First share',
      message: expect.any(String),
      reachedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      url: `/wins/${firstShare.id}/`,
    });
  });
});

describe('GET /cards/wins/<id>/<size>.png', () => {
  it.each([
    ['og', 1200, 630],
    ['square', 1080, 1080],
    ['vertical', 1080, 1920],
  ] as const)('answers the %s celebration card as a cached PNG, and 304 to its ETag', async (size, width, height) => {
    const response = await request(`/cards/wins/${firstShare.id}/${size}.png`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(response.headers.get('cache-control')).toMatch(/^public, max-age=\d+/);
    const etag = response.headers.get('etag');
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    expect(await sharp(Buffer.from(await response.arrayBuffer())).metadata()).toMatchObject({ format: 'png', width, height });
    const again = await request(`/cards/wins/${firstShare.id}/${size}.png`, { headers: { 'If-None-Match': etag! } });
    expect(again.status).toBe(304);
    expect(again.headers.get('etag')).toBe(etag);
  });

  it.each([
    '/cards/wins/AAAAAAAAAAAAAAAA/og.png',
    '/cards/wins/short/og.png',
    '/cards/wins/..%2f..%2fetc/og.png',
  ])('answers %s with 404', async (path) => {
    expect((await request(path)).status).toBe(404);
  });

  it('refuses other methods', async () => {
    expect((await request(`/cards/wins/${firstShare.id}/og.png`, { method: 'POST' })).status).toBe(405);
  });
});

describe('/wins/<id>/', () => {
  it('shows the card, the message, the story, the downloads and a share panel for the win', async () => {
    const response = await request(`/wins/${firstShare.id}/`);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toMatch(/<h1[^>]*>First share<\/h1>/);
    expect(html).toContain(firstShare.message);
    expect(html).toContain(`href="/stories/${story.slug}/"`);
    for (const size of ['og', 'square', 'vertical']) expect(html).toContain(`href="/cards/wins/${firstShare.id}/${size}.png"`);
    expect(html).toContain(`<meta property="og:image" content="${SITE}/cards/wins/${firstShare.id}/og.png"`);
    expect(html).toMatch(new RegExp(`<input type="hidden" name="win" value="${firstShare.id}"`));
    expect(html).not.toContain('name="robots" content="noindex"');
  });

  it.each(['/wins/AAAAAAAAAAAAAAAA/', '/wins/not-an-id/', '/wins/%3Cscript%3E/'])('answers %s with 404', async (path) => {
    expect((await request(path)).status).toBe(404);
  });
});

describe('sharing a win', () => {
  it('gives a measured link of the story whose URL previews the win, and the no-JavaScript page shows it', async () => {
    const shared = await share({ story: story.slug, channel: 'x', name: 'Ben', win: firstShare.id });
    expect(shared.response.status).toBe(201);
    expect(shared.body).toMatchObject({
      url: `${SITE}/r/${shared.body.code}/w/${firstShare.id}`,
      cardUrl: `${SITE}/cards/wins/${firstShare.id}/og.png`,
      story: story.slug,
      win: firstShare.id,
    });

    const form = await request('/api/share', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: shared.cookie! },
      body: new URLSearchParams({ story: story.slug, channel: 'x', win: firstShare.id }).toString(),
    });
    expect(form.status).toBe(303);
    const page = form.headers.get('location')!;
    expect(page).toBe(`/stories/${story.slug}/share/${shared.body.code}/?win=${firstShare.id}`);
    expect(await (await request(page, { headers: { Cookie: shared.cookie! } })).text()).toContain(`${SITE}/r/${shared.body.code}/w/${firstShare.id}`);
  });

  it.each([
    ['an unknown win', { story: story.slug, win: 'AAAAAAAAAAAAAAAA' }, 404],
    ['a malformed win id', { story: story.slug, win: 'x' }, 400],
    ['a story\'s win with another story', { story: otherStory.slug, win: 'FIRST' }, 400],
  ])('refuses %s', async (_case, fields, status) => {
    const win = fields.win === 'FIRST' ? firstShare.id : fields.win;
    const { response } = await share({ ...fields, win, channel: 'email' });
    expect(response.status).toBe(status);
  });
});

describe('GET /r/<code>/w/<win id>', () => {
  it('sends a person to the story and counts the click on the link', async () => {
    const { body } = await share({ story: story.slug, channel: 'linkedin' });
    const response = await request(`/r/${body.code}/w/${firstShare.id}`, { headers: { 'User-Agent': BROWSER } });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe(`/stories/${story.slug}/#via=linkedin`);
    expect(response.headers.getSetCookie().some((cookie) => cookie.startsWith('hub_ref='))).toBe(true);
    expect((await stats(`/api/stats/links/${body.code}`)).clicks).toBe(1);
  });

  it('shows a link preview the celebration card, counted only as excluded', async () => {
    const { body } = await share({ story: story.slug, channel: 'whatsapp', name: 'Cleo' });
    const response = await request(`/r/${body.code}/w/${firstShare.id}`, { headers: { 'User-Agent': 'WhatsApp/2.23.20.0 A' } });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain(`<meta property="og:image" content="${SITE}/cards/wins/${firstShare.id}/og.png">`);
    expect(html).toContain(`<meta property="og:url" content="${SITE}/r/${body.code}/w/${firstShare.id}">`);
    expect(html).toMatch(/<meta property="og:image:alt" content="Celebration card: First share\./);
    const numbers = await stats(`/api/stats/links/${body.code}`);
    expect(numbers.clicks).toBe(0);
    expect(numbers.excluded).toEqual({ bot: 0, preview: 1, head: 0 });
  });

  it.each([
    ['an unknown win', (code: string) => `/r/${code}/w/AAAAAAAAAAAAAAAA`],
    ['a malformed win id', (code: string) => `/r/${code}/w/..%2f..`],
    ['another shape', (code: string) => `/r/${code}/x/${firstShare.id}`],
    ['a story\'s win on another story\'s link', (code: string) => `/r/${code}/w/${firstShare.id}`],
  ])('answers %s with 404, no redirect and no click', async (name, path) => {
    const { body } = await share({ story: name.includes('another story') ? otherStory.slug : story.slug, channel: 'email' });
    const response = await request(path(body.code), { headers: { 'User-Agent': BROWSER } });
    expect(response.status).toBe(404);
    expect(response.headers.get('location')).toBeNull();
    expect((await stats(`/api/stats/links/${body.code}`)).clicks).toBe(0);
  });
});

describe('an advocate\'s win', () => {
  it('is linked from /me, names them only as they gave their name, and its page stays out of search engines', async () => {
    await request(`/r/${ana.body.code}`, { headers: { 'User-Agent': `${BROWSER} ana-reader` } });
    const winPath = await eventually(async () => {
      const me = await (await request('/me/', { headers: { Cookie: ana.cookie! } })).text();
      return /href="(\/wins\/[A-Za-z0-9_-]{16}\/)"/.exec(me)?.[1];
    });
    const me = await (await request('/me/', { headers: { Cookie: ana.cookie! } })).text();
    expect(me).not.toContain(`/wins/${firstShare.id}/`);

    const page = await (await request(winPath)).text();
    expect(page).toMatch(/<h1[^>]*>First click<\/h1>/);
    expect(page).toContain('<meta name="robots" content="noindex"');
    expect(page).toContain(`, shared by Ana`);
    const advocateId = decodeURIComponent(ana.cookie!.split('=')[1]!).split('.')[0]!;
    expect(page).not.toContain(advocateId);
  });
});
