import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningHub } from '../../src/server/start-hub.ts';
import { hasChromium, launchBrowser } from '../helpers/launch-browser.ts';
import { ROOT, startTestHub } from '../helpers/start-test-hub.ts';

const SCREENSHOTS = path.join(ROOT, 'tests/.output');

describe.skipIf(!hasChromium)('/submit on a phone', () => {
  let hub: RunningHub;
  let browser: Browser;
  let content: string;
  beforeAll(async () => {
    content = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-content-'));
    hub = await startTestHub({ CONTENT_DIR: content, MEDIA_DIR: content, SUBMISSION_MIN_SECONDS: '0' });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await hub?.close();
    fs.rmSync(content, { recursive: true, force: true });
  });

  it('validates as the visitor types, then sends the story and shows the private link', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));

    expect((await page.goto(`${hub.url}/submit/`))?.status()).toBe(200);
    const layout = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth }));
    expect(layout.scrollWidth).toBeLessThanOrEqual(layout.clientWidth);

    await page.fill('#title', 'Ten years of the same rucksack');
    await page.fill('#story', 'Too short.');
    await page.locator('#email').focus();
    await expect.poll(() => page.locator('#story-error').innerText()).toContain('at least 50 characters');
    expect(await page.locator('#story').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#story-count').innerText()).toBe('10 / 10,000 characters');

    // Sending with the consent box unticked is stopped in the browser, with the reason shown.
    await page.fill('#story', 'I carried this rucksack up every hill in the Lakes for ten years, and the repair team gave it a new base.');
    await page.selectOption('#cause', { index: 1 });
    await page.fill('#name', 'Sam');
    await page.fill('#email', 'sam@example');
    await page.locator('button[type="submit"]').click();
    await expect.poll(() => page.locator('#email-error').innerText()).toContain('valid email address');
    await expect.poll(() => page.locator('#consent-error').innerText()).toContain('Please tick the box');
    expect(await page.locator('#story-error').innerText()).toBe('');
    expect(page.url()).toBe(`${hub.url}/submit/`);

    await page.fill('#email', 'sam@example.com');
    await page.check('#consent');
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'submit-phone.png'), fullPage: true });
    await Promise.all([page.waitForURL(/\/submissions\/[0-9A-Za-z]+\/\?sent=1$/), page.locator('button[type="submit"]').click()]);
    await expect.poll(() => page.locator('h1').innerText()).toBe('Thank you for your story');
    expect(await page.locator('#private-link').inputValue()).toMatch(/\/submissions\/[0-9A-Za-z]+\/$/);
    expect(await page.locator('.submission-preview h2').innerText()).toBe('Ten years of the same rucksack');
    const after = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth }));
    expect(after.scrollWidth).toBeLessThanOrEqual(after.clientWidth);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'submit-thanks-phone.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });
});
