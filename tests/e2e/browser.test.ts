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

describe.skipIf(!hasChromium)('a story on a phone', () => {
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
});
