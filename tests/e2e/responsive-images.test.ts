import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningHub } from '../../src/server/start-hub.ts';
import { hasChromium, launchBrowser } from '../helpers/launch-browser.ts';
import { readContent, titleOf } from '../helpers/read-content.ts';
import { startTestHub } from '../helpers/start-test-hub.ts';

const story = readContent().stories.find((candidate) => !candidate.draft && candidate.customer.photo)!;
const WIDTHS = ['320w', '480w', '640w', '800w', '1024w', '1280w', '1600w'];
const CONTENT_TYPES: Record<string, string> = { avif: 'image/avif', webp: 'image/webp', jpg: 'image/jpeg', png: 'image/png' };

/** The attributes of the first tag matching `tag` (a regex source) in `html`, entities decoded. */
function attributesOf(html: string, tag: string): Record<string, string> {
  const found = new RegExp(`<${tag}\\s([^>]*)>`).exec(html);
  if (!found) throw new Error(`no <${tag}> in ${html.slice(0, 200)}`);
  return Object.fromEntries(Array.from(found[1]!.matchAll(/([a-z-]+)(?:="([^"]*)")?/g), ([, name, value]) => [name!, titleOf(`<title>${value ?? ''}</title>`)!]));
}
const widthsOf = (srcset: string) => srcset.split(', ').map((candidate) => candidate.split(' ')[1]);

let hub: RunningHub;
let html: string;
let hero: string;
beforeAll(async () => {
  hub = await startTestHub();
  html = await fetch(`${hub.url}/stories/${story.slug}/`).then((response) => response.text());
  hero = /<figure class="story__hero">([\s\S]*?)<\/figure>/.exec(html)![1]!;
});
afterAll(async () => {
  await hub?.close();
});

describe('a story page hero', () => {
  it('is a <picture> with an AVIF and a WebP source, each with every width from 320 to 1600 px', () => {
    expect(hero).toMatch(/^<picture>/);
    const sources = Array.from(hero.matchAll(/<source\s[^>]*>/g), ([tag]) => attributesOf(tag, 'source'));
    expect(sources.map((source) => source.type)).toEqual(['image/avif', 'image/webp']);
    for (const source of sources) {
      expect(widthsOf(source.srcset!)).toEqual(WIDTHS);
      expect(source.sizes).toBe('(min-width: 72rem) 72rem, 100vw');
    }
  });

  it('falls back to a JPEG <img> with the same widths, its size, its alt text and high priority', () => {
    const img = attributesOf(hero, 'img');
    expect(img.src).toMatch(/^\/_astro\/images\/[a-z0-9-]+-800\.[0-9a-f]{10}\.jpg$/);
    expect(widthsOf(img.srcset!)).toEqual(WIDTHS);
    expect(img.srcset).toMatch(/\.jpg 320w/);
    expect({ width: img.width, height: img.height, alt: img.alt }).toEqual({ width: '1600', height: '900', alt: story.hero.alt });
    expect(img.fetchpriority).toBe('high');
    expect(img.loading).toBeUndefined();
  });

  it('is preloaded from <head> in its best format, with the same srcset and sizes', () => {
    const head = html.slice(0, html.indexOf('</head>'));
    const preload = attributesOf(head, 'link rel="preload"');
    const avif = attributesOf(hero, 'source');
    expect(preload).toMatchObject({ as: 'image', type: 'image/avif', imagesrcset: avif.srcset, imagesizes: avif.sizes, fetchpriority: 'high' });
  });

  it('leaves the portrait and the cards below the fold to load lazily', () => {
    const others = Array.from(html.replace(hero, '').matchAll(/<img\s[^>]*>/g), ([tag]) => attributesOf(tag, 'img'));
    const uploads = others.filter((img) => img.src?.startsWith('/_astro/images/'));
    expect(uploads.length).toBeGreaterThan(1);
    for (const img of uploads) expect({ src: img.src, loading: img.loading, width: Boolean(img.width), height: Boolean(img.height) }).toEqual({ src: img.src, loading: 'lazy', width: true, height: true });
  });
});

describe('image variants served by the hub', () => {
  it('answers every image URL of the page 200, with its content type and an immutable cache', async () => {
    const urls = new Set(Array.from(html.matchAll(/\/_astro\/images\/[a-z0-9-]+-\d+\.[0-9a-f]{10}\.[a-z]+/g), ([url]) => url));
    expect(urls.size).toBeGreaterThanOrEqual(21 + 9);
    for (const url of urls) {
      const response = await fetch(`${hub.url}${url}`);
      const body = new Uint8Array(await response.arrayBuffer());
      expect({ url, status: response.status, type: response.headers.get('content-type'), empty: body.length === 0 })
        .toEqual({ url, status: 200, type: CONTENT_TYPES[url.split('.').at(-1)!], empty: false });
      expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    }
  });
});

describe.skipIf(!hasChromium)('the hero a browser picks', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it.each([
    { screen: 'a 390 px phone at 3x', width: 390, scale: 3, picked: '-1280.' },
    { screen: 'a 390 px phone at 1x', width: 390, scale: 1, picked: '-480.' },
    { screen: 'a 1280 px laptop', width: 1280, scale: 1, picked: '-1280.' },
  ])('is the AVIF just wide enough for $screen', async ({ width, scale, picked }) => {
    const context = await browser.newContext({ viewport: { width, height: 844 }, deviceScaleFactor: scale });
    const page = await context.newPage();
    await page.goto(`${hub.url}/stories/${story.slug}/`);
    const image = page.locator('.story__hero img');
    await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
    const currentSrc = await image.evaluate((img: HTMLImageElement) => img.currentSrc);
    expect(currentSrc).toContain(picked);
    expect(currentSrc).toMatch(/\.avif$/);
    await context.close();
  });
});
