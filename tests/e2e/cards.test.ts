import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CARD_DIMENSIONS, cardSizes } from '../../src/lib/cards/schema.ts';
import { readContent } from '../helpers/read-content.ts';
import { startTestHub } from '../helpers/start-test-hub.ts';

const content = readContent();
const stories = content.stories.filter((story) => !story.draft);
const journeys = content.journeys.filter((journey) => !journey.draft);
const slug = stories[0]!.slug;
const SITE = 'http://localhost:4321';
const BOT = 'facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)';

let hub: Awaited<ReturnType<typeof startTestHub>>;
beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(async () => {
  await hub?.close();
});

const get = (urlPath: string, init: RequestInit = {}) => fetch(`${hub.url}${urlPath}`, { redirect: 'manual', ...init });
const png = async (response: Response) => Buffer.from(await response.arrayBuffer());
const metaContent = (html: string, name: string) =>
  new RegExp(`<meta (?:property|name)="${name}" content="([^"]*)"`).exec(html)?.[1];

describe('GET /cards/{stories,journeys}/<slug>/<size>.png', () => {
  it.each(cardSizes.flatMap((size) => [['stories', slug, size], ['journeys', journeys[0]!.slug, size]] as const))(
    'answers the %s card of %s in %s as a PNG of the exact size',
    async (kind, cardSlug, size) => {
      const response = await get(`/cards/${kind}/${cardSlug}/${size}.png`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('image/png');
      const meta = await sharp(await png(response)).metadata();
      expect(meta.format).toBe('png');
      expect({ width: meta.width, height: meta.height }).toEqual(CARD_DIMENSIONS[size]);
    },
  );

  it('sends a strong ETag and cache headers, and 304 when the client has the card', async () => {
    const first = await get(`/cards/stories/${slug}/square.png`);
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{32}"$/);
    expect(first.headers.get('cache-control')).toMatch(/max-age=\d{5,}/);
    expect(Number(first.headers.get('content-length'))).toBe((await png(first)).length);
    const again = await get(`/cards/stories/${slug}/square.png`, { headers: { 'If-None-Match': etag } });
    expect(again.status).toBe(304);
    expect(again.headers.get('etag')).toBe(etag);
    expect(await again.text()).toBe('');
    const stale = await get(`/cards/stories/${slug}/square.png`, { headers: { 'If-None-Match': '"something-else"' } });
    expect(stale.status).toBe(200);
  });

  it('answers HEAD with the headers of GET and no body', async () => {
    const head = await get(`/cards/stories/${slug}/vertical.png`, { method: 'HEAD' });
    const full = await get(`/cards/stories/${slug}/vertical.png`);
    expect(head.status).toBe(200);
    expect(head.headers.get('etag')).toBe(full.headers.get('etag'));
    expect(head.headers.get('content-length')).toBe(full.headers.get('content-length'));
    expect(await head.text()).toBe('');
  });

  it.each([
    '/cards/stories/no-such-story/og.png',
    '/cards/journeys/no-such-journey/square.png',
    `/cards/journeys/${slug}/og.png`,
    `/cards/stories/${slug}/huge.png`,
    '/cards/links/zzzzzzzzzz/og.png',
    '/cards/links/not-a-code!/og.png',
    `/cards/stories/draft-preview-story-in-progress/og.png`,
  ])('answers 404 for %s', async (urlPath) => {
    const response = await get(urlPath);
    expect(response.status).toBe(404);
    await response.arrayBuffer();
  });

  it('refuses other methods with 405', async () => {
    const response = await get(`/cards/stories/${slug}/og.png`, { method: 'POST' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, HEAD');
  });

  it('answers 50 parallel requests for one uncached card with the same card', async () => {
    const urlPath = `/cards/journeys/${journeys[1]!.slug}/vertical.png`;
    const responses = await Promise.all(Array.from({ length: 50 }, () => get(urlPath)));
    const bodies = await Promise.all(responses.map(png));
    expect(responses.every((response) => response.status === 200)).toBe(true);
    expect(new Set(responses.map((response) => response.headers.get('etag'))).size).toBe(1);
    expect(new Set(bodies.map((body) => body.toString('base64'))).size).toBe(1);
    expect(fs.readdirSync(path.join(hub.dataDir, 'cards')).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });
});

describe('personalized cards of share links', () => {
  async function share(name?: string) {
    const response = await get('/api/share', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ story: slug, channel: 'x', ...(name ? { name } : {}) }),
    });
    return (await response.json()) as { code: string; cardUrl: string };
  }

  it('says "shared by <name>" on the card of a link whose advocate gave a name', async () => {
    const link = await share('Ana Lúcia');
    expect(link.cardUrl).toBe(`${SITE}/cards/links/${link.code}/og.png`);
    const personal = await get(new URL(link.cardUrl).pathname);
    const base = await get(`/cards/stories/${slug}/og.png`);
    expect(personal.status).toBe(200);
    expect(await sharp(await png(personal)).metadata()).toMatchObject({ width: 1200, height: 630, format: 'png' });
    expect(personal.headers.get('etag')).not.toBe(base.headers.get('etag'));
    const again = await get(new URL(link.cardUrl).pathname, { headers: { 'If-None-Match': personal.headers.get('etag')! } });
    expect(again.status).toBe(304);
  });

  it('gives a link without a name the story card', async () => {
    const link = await share();
    const card = await get(`/cards/links/${link.code}/og.png`);
    const base = await get(`/cards/stories/${slug}/og.png`);
    expect(card.headers.get('etag')).toBe(base.headers.get('etag'));
  });

  it('shows link-preview fetchers of a referral link the personalized card', async () => {
    const link = await share('Bea');
    const preview = await get(`/r/${link.code}`, { headers: { 'User-Agent': BOT } });
    const html = await preview.text();
    expect(metaContent(html, 'og:image')).toBe(link.cardUrl);
    expect(metaContent(html, 'twitter:image')).toBe(link.cardUrl);
  });
});

describe('pages', () => {
  it.each([
    ...stories.map((story) => ['stories', story.slug] as const),
    ...journeys.map((journey) => ['journeys', journey.slug] as const),
  ])('points og:image and twitter:image of /%s/%s/ at its Open Graph card', async (kind, pageSlug) => {
    const html = await (await get(`/${kind}/${pageSlug}/`)).text();
    const image = metaContent(html, 'og:image')!;
    expect(image).toBe(`${SITE}/cards/${kind}/${pageSlug}/og.png`);
    expect(metaContent(html, 'twitter:image')).toBe(image);
    expect(metaContent(html, 'og:image:width')).toBe('1200');
    expect(metaContent(html, 'og:image:height')).toBe('630');
    expect(metaContent(html, 'og:image:alt')).toMatch(/card/);
    const card = await get(new URL(image).pathname);
    expect(card.status).toBe(200);
    expect(await sharp(await png(card)).metadata()).toMatchObject({ width: 1200, height: 630 });
  });

  it('offers the square and vertical cards for download in the share panel', async () => {
    const html = await (await get(`/stories/${slug}/`)).text();
    expect(html).toContain(`href="/cards/stories/${slug}/square.png" download="${slug}-square.png"`);
    expect(html).toContain(`href="/cards/stories/${slug}/vertical.png" download="${slug}-vertical.png"`);
  });

  it('lists every card of a story, with downloads, on its preview page', async () => {
    const response = await get(`/cards/${slug}/`);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<meta name="robots" content="noindex"');
    for (const size of cardSizes) {
      expect(html).toContain(`src="/cards/stories/${slug}/${size}.png"`);
      expect(html).toContain(`download="${slug}-${size}.png"`);
    }
  });
});
