import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningHub } from '../../src/server/start-hub.ts';
import { hasChromium, launchBrowser } from '../helpers/launch-browser.ts';
import { readContent } from '../helpers/read-content.ts';
import { startTestHub } from '../helpers/start-test-hub.ts';

const content = readContent();
const story = content.stories.find((candidate) => !candidate.draft)!;
const journey = content.journeys[0]!;
/** Headless Chromium says HeadlessChrome, a bot; a phone's Chrome is a person. */
const PHONE_CHROME = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36';

describe.skipIf(!hasChromium)('the reader beacon in a real browser', () => {
  let hub: RunningHub;
  let browser: Browser;
  beforeAll(async () => {
    hub = await startTestHub();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await hub?.close();
  });

  const phone = (userAgent = PHONE_CHROME): Promise<BrowserContext> => browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, userAgent });
  const counts = async (page: string) => {
    const row = await hub.services.db.db.selectFrom('page_daily').select(['views', 'readers', 'reads']).where('page', '=', page).executeTakeFirst();
    return { views: Number(row?.views ?? 0), readers: Number(row?.readers ?? 0), reads: Number(row?.reads ?? 0) };
  };

  it('counts a view on load and a read when the last paragraph is seen, once, without shifting the layout', async () => {
    const context = await phone();
    const page = await context.newPage();
    await page.addInitScript(() => {
      (window as unknown as { shifts: number }).shifts = 0;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries() as (PerformanceEntry & { value: number; hadRecentInput: boolean })[]) if (!entry.hadRecentInput) (window as unknown as { shifts: number }).shifts += entry.value;
      }).observe({ type: 'layout-shift', buffered: true });
    });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    const path = `/stories/${story.slug}/`;
    await page.goto(`${hub.url}${path}`);
    await expect.poll(() => counts(path)).toEqual({ views: 1, readers: 1, reads: 0 });

    await page.locator('.prose p').last().scrollIntoViewIfNeeded();
    await expect.poll(() => counts(path)).toEqual({ views: 1, readers: 1, reads: 1 });
    // Scrolling back and forth reads nothing more; a reload is another view of the same reader.
    await page.mouse.wheel(0, -3000);
    await page.locator('.prose p').last().scrollIntoViewIfNeeded();
    await page.reload();
    await expect.poll(() => counts(path)).toEqual({ views: 2, readers: 1, reads: 1 });
    expect(await page.evaluate(() => (window as unknown as { shifts: number }).shifts)).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('counts a read after 30 s visible on a journey read no further than its start', async () => {
    const context = await phone();
    const page = await context.newPage();
    await page.clock.install();
    const path = `/journeys/${journey.slug}/`;
    await page.goto(`${hub.url}${path}`);
    await expect.poll(() => counts(path)).toEqual({ views: 1, readers: 1, reads: 0 });
    await page.clock.runFor(29_000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await counts(path)).reads).toBe(0);
    await page.clock.runFor(1_500);
    await expect.poll(() => counts(path)).toEqual({ views: 1, readers: 1, reads: 1 });
    await context.close();
  });

  it('counts a reader who came through a share link under that link\'s channel, and drops the marker from the address', async () => {
    const shared = await fetch(`${hub.url}/api/share`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ story: story.slug, channel: 'whatsapp' }) });
    const { code } = await shared.json();
    const context = await phone(`${PHONE_CHROME} Friend/1`);
    const page = await context.newPage();
    await page.goto(`${hub.url}/r/${code}`);
    expect(new URL(page.url()).pathname).toBe(`/stories/${story.slug}/`);
    const source = () =>
      hub.services.db.db.selectFrom('source_daily').select(['views', 'readers']).where('page', '=', `/stories/${story.slug}/`).where('channel', '=', 'share link').where('source', '=', 'whatsapp').executeTakeFirst();
    await expect.poll(async () => Number((await source())?.readers ?? 0)).toBe(1);
    await expect.poll(() => page.url()).toBe(`${hub.url}/stories/${story.slug}/`);
    await context.close();
  });

  it('counts a view without JavaScript through the noscript image', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, userAgent: `${PHONE_CHROME} NoScript/1`, javaScriptEnabled: false });
    const page = await context.newPage();
    const path = '/purpose/';
    const before = await counts(path);
    const pixel = page.waitForResponse((response) => response.url().includes('/api/event.gif'));
    await page.goto(`${hub.url}${path}`);
    expect((await pixel).status()).toBe(200);
    await expect.poll(() => counts(path)).toEqual({ views: before.views + 1, readers: before.readers + 1, reads: before.reads });
    await context.close();
  });

  it('sends nothing from a private page', async () => {
    const context = await phone();
    const page = await context.newPage();
    const beacons: string[] = [];
    page.on('request', (request) => request.url().includes('/api/event') && beacons.push(request.url()));
    await page.goto(`${hub.url}/dashboard/login/`);
    await page.waitForLoadState('load');
    expect(await page.locator('script:not([src])').evaluateAll((scripts) => scripts.filter((script) => script.textContent?.includes('/api/event')).length)).toBe(0);
    expect(beacons).toEqual([]);
    await context.close();
  });
});
