import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningHub } from '../../src/server/start-hub.ts';
import { hasChromium, launchBrowser } from '../helpers/launch-browser.ts';
import { readContent } from '../helpers/read-content.ts';
import { ROOT, startTestHub } from '../helpers/start-test-hub.ts';

const story = readContent().stories.find((candidate) => !candidate.draft)!;
const SCREENSHOTS = path.join(ROOT, 'tests/.output');

describe.skipIf(!hasChromium)('a story and its wins on a phone', () => {
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

  it('renders the story readably at 390 px wide, with no horizontal scrolling', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));

    const response = await page.goto(`${hub.url}/stories/${story.slug}/`);
    expect(response?.status()).toBe(200);
    await expect.poll(() => page.locator('h1').innerText()).toBe(story.title);
    expect(await page.locator('.prose p').count()).toBeGreaterThan(3);

    const hero = page.locator('.story__hero img');
    await hero.scrollIntoViewIfNeeded();
    await expect.poll(() => hero.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);

    const layout = await page.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      clientWidth: document.documentElement.clientWidth,
      bodyFont: getComputedStyle(document.querySelector('.prose p')!).fontSize,
      headingFont: getComputedStyle(document.querySelector('h1')!).fontFamily,
    }));
    expect(layout.scrollWidth).toBeLessThanOrEqual(layout.clientWidth);
    expect(parseFloat(layout.bodyFont)).toBeGreaterThanOrEqual(16);
    expect(layout.headingFont).toContain('Fraunces');

    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'story-phone.png'), fullPage: false });
    expect(errors).toEqual([]);
    await page.close();
  });
  it('shares from the panel with one tap: the link appears, leads back to the story, and the count shows', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${hub.url}/stories/${story.slug}/`);

    await page.getByLabel(/Your name/).fill('Ana Browser');
    await page.getByRole('button', { name: 'Copy link', exact: true }).click();
    const link = page.locator('[data-link]');
    await expect.poll(() => link.inputValue()).toMatch(/\/r\/[0-9A-Za-z]{8,16}$/);
    await expect.poll(() => page.locator('[data-status]').innerText()).toMatch(/copied|copy it/i);
    const url = await link.inputValue();

    // A friend opens the link in another browser (headless Chromium says "HeadlessChrome" and is
    // rightly treated as a bot, so the friend's browser presents as an ordinary one).
    const friend = await browser.newContext({
      userAgent: 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Mobile Safari/537.36',
    });
    const friendPage = await friend.newPage();
    const response = await friendPage.goto(new URL(new URL(url).pathname, hub.url).href);
    expect(response?.status()).toBe(200);
    expect(new URL(friendPage.url()).pathname).toBe(`/stories/${story.slug}/`);
    await friend.close();

    await page.reload();
    await expect.poll(() => page.locator('[data-count]').innerText()).toMatch(/^Shared \d+ times? so far\.$/);
    const counts = await (await fetch(`${hub.url}/api/public/stories/${story.slug}`)).json();
    expect(counts.clicks).toBeGreaterThanOrEqual(1);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('goes from the story\'s wins to the win page, shows its card without horizontal scrolling, and shares it as a measured link', async () => {
    await fetch(`${hub.url}/api/share`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ story: story.slug, channel: 'email' }) });
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));

    // The story's first share is a win 200 ms later; its live list links to the win's page.
    const link = page.locator('[data-wins] a', { hasText: 'Share this win' });
    await expect
      .poll(async () => {
        await page.goto(`${hub.url}/stories/${story.slug}/`);
        await page.waitForLoadState('networkidle');
        return link.count();
      }, { timeout: 5_000 })
      .toBeGreaterThan(0);
    await link.first().click();
    await page.waitForURL(/\/wins\/[A-Za-z0-9_-]{16}\/$/);
    const winId = /\/wins\/([^/]+)\/$/.exec(page.url())![1]!;

    const card = page.locator('.win__card');
    await expect.poll(() => card.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(1080);
    const layout = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth }));
    expect(layout.scrollWidth).toBeLessThanOrEqual(layout.clientWidth);
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'win-phone.png'), fullPage: true });

    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: hub.url });
    await page.locator('button[value="copy"]').click();
    await expect.poll(() => page.locator('[data-link]').inputValue()).toMatch(new RegExp(`/r/[0-9A-Za-z]{10}/w/${winId}$`));
    expect(await page.locator('[data-qr]').isVisible()).toBe(false);
    expect(errors).toEqual([]);
    await context.close();
  });
});
