import http from 'node:http';
import zlib from 'node:zlib';
import type { Browser } from 'playwright-core';

/** What one page load costs a phone: script bytes as gzip, image bytes as transferred. */
export type PageWeight = {
  /** External scripts as the hub sends them with `Accept-Encoding: gzip`, plus inline scripts gzipped. */
  scriptGzipBytes: number;
  scripts: number;
  /** Image bytes (bodies and headers) until the network is idle after load. */
  imageBytes: number;
  /** The same after scrolling to the end of the page (lazy images included). */
  imageBytesScrolled: number;
  /** Largest image response on load, e.g. "/_astro/images/x-1280.1a2b.avif 74 KB". */
  largestImage: string;
  /** The page's largest contentful paint on this phone: an image URL or the start of a tag. */
  lcpElement: string;
};

/** A phone 390 CSS px wide (an iPhone 12 to 15), at its device pixel ratio. */
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

function gzipSize(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http.get(url, { headers: { 'Accept-Encoding': 'gzip' } }, (response) => {
      let bytes = 0;
      response.on('data', (chunk: Buffer) => (bytes += chunk.length));
      response.on('end', () => resolve(bytes));
    }).on('error', reject);
  });
}

/**
 * Loads `url` in a fresh phone-sized context and counts what it transferred: every script the
 * page loads (external and inline) and every image, first until the network is idle, then after
 * scrolling step by step to the end.
 */
export async function measurePageWeight(browser: Browser, url: string, deviceScaleFactor = 3): Promise<PageWeight> {
  const context = await browser.newContext({ ...PHONE, deviceScaleFactor });
  const page = await context.newPage();
  const scriptUrls = new Set<string>();
  const images: { url: string; bytes: number }[] = [];
  const pending: Promise<void>[] = [];
  page.on('requestfinished', (request) => {
    if (request.resourceType() === 'script') scriptUrls.add(request.url());
    if (request.resourceType() !== 'image') return;
    pending.push(request.sizes().then((sizes) => {
      images.push({ url: new URL(request.url()).pathname, bytes: sizes.responseBodySize + sizes.responseHeadersSize });
    }));
  });
  await page.addInitScript(() => {
    new PerformanceObserver((list) => {
      const entry = list.getEntries().at(-1) as PerformanceEntry & { element?: Element | null; url?: string };
      document.documentElement.dataset.benchLcp = entry.element?.tagName === 'IMG' ? `img ${entry.url}` : (entry.element?.outerHTML.slice(0, 40) ?? '');
    }).observe({ type: 'largest-contentful-paint', buffered: true });
  });
  try {
    await page.goto(url, { waitUntil: 'networkidle' });
    const lcpElement = await page.evaluate(() => document.documentElement.dataset.benchLcp ?? 'none');
    await Promise.all(pending);
    const onLoad = [...images];
    const inline = await page.$$eval('script:not([src])', (scripts) => (scripts as HTMLScriptElement[])
      .filter((script) => !script.type || script.type === 'module' || script.type === 'text/javascript')
      .map((script) => script.textContent ?? ''));
    for (let y = 0; y < 40; y += 1) {
      const done = await page.evaluate(() => {
        window.scrollBy(0, window.innerHeight);
        return window.scrollY + window.innerHeight >= document.documentElement.scrollHeight;
      });
      await page.waitForTimeout(100);
      if (done) break;
    }
    await page.waitForLoadState('networkidle');
    await Promise.all(pending);
    const external = await Promise.all([...scriptUrls].map(gzipSize));
    const sum = (list: { bytes: number }[]) => list.reduce((total, image) => total + image.bytes, 0);
    const largest = onLoad.sort((a, b) => b.bytes - a.bytes)[0];
    return {
      scriptGzipBytes: external.reduce((a, b) => a + b, 0) + inline.reduce((total, code) => total + zlib.gzipSync(code).length, 0),
      scripts: external.length + inline.length,
      imageBytes: sum(onLoad),
      imageBytesScrolled: sum(images),
      largestImage: largest ? `${largest.url} ${(largest.bytes / 1024).toFixed(0)} KB` : 'none',
      lcpElement: lcpElement.replace(/^img https?:\/\/[^/]+/, 'img '),
    };
  } finally {
    await context.close();
  }
}
