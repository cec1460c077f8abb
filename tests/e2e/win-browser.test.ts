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

describe.skipIf(!hasChromium)('a win on a phone', () => {
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
