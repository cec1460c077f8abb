import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningHub } from '../../src/server/start-hub.ts';
import { readContent, titleOf } from '../helpers/read-content.ts';
import { startTestHub } from '../helpers/start-test-hub.ts';

const content = readContent();
const published = content.stories.filter((story) => !story.draft);
const drafts = content.stories.filter((story) => story.draft);
const brand = content.brand;

let hub: RunningHub;
beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(async () => {
  await hub?.close();
});

const get = (path: string, init?: RequestInit) => fetch(`${hub.url}${path}`, { redirect: 'manual', ...init });

describe('pages of the built hub', () => {
  const pages: [string, string][] = [
    ['/', `${brand.name}: ${brand.tagline}`],
    ['/stories/', `Stories · ${brand.name}`],
    ['/journeys/', `Customer journeys · ${brand.name}`],
    ['/purpose/', `Our purpose · ${brand.name}`],
    ...published.map((story): [string, string] => [`/stories/${story.slug}/`, `${story.title} · ${brand.name}`]),
    ...content.journeys.map((journey): [string, string] => [`/journeys/${journey.slug}/`, `${journey.title} · ${brand.name}`]),
    ...brand.causes
      .filter((cause) => published.some((story) => story.cause === cause.slug))
      .map((cause): [string, string] => [`/stories/cause/${cause.slug}/`, `Stories: ${cause.name} · ${brand.name}`]),
  ];

  it.each(pages)('%s answers 200 with its title', async (path, title) => {
    const response = await get(path);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(titleOf(await response.text())).toBe(title);
  });

  it('serves every page listed in the sitemap', async () => {
    const index = await (await get('/sitemap-index.xml')).text();
    const sitemapUrls = [...index.matchAll(/<loc>([^<]+)<\/loc>/g)].map((match) => new URL(match[1]!).pathname);
    const locs: string[] = [];
    for (const sitemap of sitemapUrls) {
      const xml = await (await get(sitemap)).text();
      locs.push(...[...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((match) => new URL(match[1]!).pathname));
    }
    expect(locs.length).toBeGreaterThanOrEqual(pages.length);
    for (const loc of locs) {
      const response = await get(loc);
      expect(response.status, loc).toBe(200);
    }
    for (const draft of drafts) expect(locs).not.toContain(`/stories/${draft.slug}/`);
  });

  it('puts canonical, Open Graph and Twitter meta on a story page', async () => {
    const story = published[0]!;
    const html = await (await get(`/stories/${story.slug}/`)).text();
    expect(html).toContain(`<link rel="canonical" href="http://localhost:4321/stories/${story.slug}/">`);
    expect(html).toMatch(/<meta property="og:image" content="http:\/\/localhost:4321\/[^"]+"/);
    expect(html).toContain('<meta property="og:type" content="article">');
    expect(html).toContain('<meta name="twitter:card" content="summary_large_image">');
  });

  it('ships no client JavaScript on reading pages but the small reader beacon, and the share-panel script on stories', async () => {
    const scriptsOf = (html: string) => [...html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)];
    const beaconOf = (scripts: RegExpMatchArray[]) => scripts.filter((script) => script[0].startsWith('<script>') && script[1]!.includes('/api/event'));
    for (const path of ['/', '/stories/', '/purpose/', `/journeys/${content.journeys[0]!.slug}/`]) {
      const scripts = scriptsOf(await (await get(path)).text());
      expect(scripts, path).toHaveLength(1);
      expect(beaconOf(scripts), path).toHaveLength(1);
      expect(scripts[0]![1]!.length, path).toBeLessThan(1_200);
    }
    const scripts = scriptsOf(await (await get(`/stories/${published[0]!.slug}/`)).text());
    expect(scripts).toHaveLength(2);
    expect(beaconOf(scripts)).toHaveLength(1);
    const panel = scripts.find((script) => script[0].startsWith('<script type="module">'));
    expect(panel![1]!.length).toBeLessThan(6_000);
  });
});

describe('drafts', () => {
  it.each(drafts.map((draft) => [draft.slug]))('never publishes the draft %s', async (slug) => {
    expect((await get(`/stories/${slug}/`)).status).toBe(404);
    for (const path of ['/', '/stories/', '/rss.xml']) {
      expect(await (await get(path)).text(), path).not.toContain(`/stories/${slug}/`);
    }
  });
});

describe('feeds and errors', () => {
  it('publishes an RSS feed of the published stories', async () => {
    const response = await get('/rss.xml');
    expect(response.status).toBe(200);
    const xml = await response.text();
    expect(xml).toContain('<rss');
    expect([...xml.matchAll(/<item>/g)].length).toBe(published.length);
  });

  it.each(['/no-such-page/', '/stories/no-such-story/', '/stories/cause/not-a-cause/', '/%E2%82%AC/'])(
    'answers %s with the 404 page and status 404',
    async (path) => {
      const response = await get(path);
      expect(response.status).toBe(404);
      expect(titleOf(await response.text())).toBe(`Page not found · ${brand.name}`);
    },
  );

  it.each(['/%', '/%zz/', '/stories/%00/'])('answers the malformed path %s with 400', async (path) => {
    expect((await get(path)).status).toBe(400);
  });

  it('redirects a page without its trailing slash to the canonical URL, on this site only', async () => {
    const response = await get(`/stories/${published[0]!.slug}?ref=x`);
    expect(response.status).toBe(301);
    expect(response.headers.get('location')).toBe(`/stories/${published[0]!.slug}/?ref=x`);
  });

  it('never redirects to another host', async () => {
    for (const path of ['//evil.example/', '/\\evil.example/', '/%2F%2Fevil.example/']) {
      const response = await get(path);
      expect(response.headers.get('location'), path).toBeNull();
    }
  });

  it('refuses to write to a page', async () => {
    const response = await get('/stories/', { method: 'POST', body: 'x' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, HEAD');
  });
});

describe('static files and caching', () => {
  it('serves hashed assets as immutable and pages with revalidation', async () => {
    const html = await (await get('/')).text();
    const asset = /href="(\/_astro\/[^"]+\.css)"/.exec(html)?.[1];
    expect(asset).toBeDefined();
    const css = await get(asset!);
    expect(css.status).toBe(200);
    expect(css.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const page = await get('/');
    expect(page.headers.get('cache-control')).toBe('public, max-age=0, must-revalidate');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('answers a matching If-None-Match with 304 and no body', async () => {
    const first = await get('/purpose/');
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"[\w-]+"$/);
    const second = await get('/purpose/', { headers: { 'If-None-Match': etag! } });
    expect(second.status).toBe(304);
    expect(await second.text()).toBe('');
  });

  it('compresses pages for clients that accept it', async () => {
    const response = await get('/', { headers: { 'Accept-Encoding': 'br' } });
    expect(response.headers.get('content-encoding')).toBe('br');
    expect(response.headers.get('vary')).toBe('Accept-Encoding');
  });

  it('answers HEAD with headers only', async () => {
    const response = await get('/og-default.png', { method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(Number(response.headers.get('content-length'))).toBeGreaterThan(1000);
  });
});

describe('GET /healthz', () => {
  it('answers 200 with the build id and the database in use', async () => {
    const response = await get('/healthz');
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = await response.json();
    expect(body).toMatchObject({ status: 'ok', database: 'sqlite' });
    expect(body.build).toMatch(/^[0-9a-f]{12}$/);
  });
});
