import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { launchBrowser } from '../helpers/launch-browser.ts';
import { addPhonePhotoStory } from './add-phone-photo-story.ts';
import { printTable, ROOT, startProcess } from './bench-helpers.ts';
import { measurePageWeight, type PageWeight } from './measure-page-weight.ts';
import { runLighthouse } from './run-lighthouse.ts';

/**
 * Reading pages as a phone gets them. Goals: Lighthouse 12 (mobile) performance >= 98,
 * accessibility, best practices and SEO 100 on home, a story, a journey and /submit; at most
 * 3 KB of gzipped JavaScript on a reading page; a story whose hero is a 4000x3000 JPEG of about
 * 8 MB, uploaded to public/images/, transfers at most 200 KB of images to a 390 px phone (3x).
 * Baseline in the same run: that original JPEG, which the page showed as it was before.
 * BENCH_RUNS (default 5) Lighthouse runs per page, the median kept.
 */
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const JS_BUDGET = 3 * 1024;
const PHONE_IMAGE_BUDGET = 200 * 1024;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

async function withHub<T>(dataDir: string, run: (base: string) => Promise<T>): Promise<T> {
  let child: ChildProcess | undefined;
  try {
    const hub = await startProcess(['src/server/main.ts'], { HOST: '127.0.0.1', PORT: '0', DATA_DIR: dataDir });
    child = hub.child;
    return await run(`http://127.0.0.1:${hub.port}`);
  } finally {
    child?.kill('SIGTERM');
  }
}

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-bench-pages-'));
const browser = await launchBrowser();
try {
  // --- The site as it is: Lighthouse, scripts and images per page ----------------------------
  const measured = await withHub(dataDir, async (base) => {
    const index = await fetch(`${base}/api/stories.json`).then((response) => response.json()) as { stories: { slug: string }[] };
    const journeyLink = /href="\/journeys\/([a-z0-9-]+)\/"/.exec(await fetch(`${base}/journeys/`).then((response) => response.text()));
    const pages: [string, string][] = [
      ['home', '/'],
      [`story /stories/${index.stories[0]!.slug}/`, `/stories/${index.stories[0]!.slug}/`],
      [`journey /journeys/${journeyLink![1]}/`, `/journeys/${journeyLink![1]}/`],
      ['submit /submit/', '/submit/'],
    ];
    const lighthouse = await runLighthouse(pages.map(([, pathname]) => `${base}${pathname}`), RUNS);
    const weights: PageWeight[] = [];
    for (const [, pathname] of pages) weights.push(await measurePageWeight(browser, `${base}${pathname}`));
    const storyHtml = await fetch(`${base}${pages[1]![1]}`).then((response) => response.text());
    const beacon = [...storyHtml.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((match) => match[1]!).find((code) => code.includes('/api/event')) ?? '';
    return { beaconGzipBytes: zlib.gzipSync(beacon).length, pages: pages.map(([name], i) => ({ name, lighthouse: lighthouse[i]!, weight: weights[i]! })) };
  });
  const { beaconGzipBytes } = measured;

  printTable(
    [`page (Lighthouse ${RUNS}x, median)`, 'performance', 'accessibility', 'best practices', 'SEO', 'LCP', 'TBT', 'CLS', 'JS gzip (<= 3 KB)', 'images, 390 px 3x phone (on load / scrolled to end)', 'goals met'],
    measured.pages.map(({ name, lighthouse: { scores, lcpMs, tbtMs, cls }, weight }) => {
      const reading = !name.startsWith('submit');
      const met = scores.performance >= 98 && scores.accessibility === 100 && scores['best-practices'] === 100 && scores.seo === 100
        && (!reading || weight.scriptGzipBytes <= JS_BUDGET);
      return [name, scores.performance, scores.accessibility, scores['best-practices'], scores.seo, `${(lcpMs / 1000).toFixed(2)} s`, `${tbtMs} ms`, cls,
        `${kb(weight.scriptGzipBytes)} (${weight.scripts} scripts)${reading ? '' : ', not a reading page'}`,
        `${kb(weight.imageBytes)} / ${kb(weight.imageBytesScrolled)}`, met ? 'yes' : 'NO'];
    }),
  );
  console.log(`\nJS gzip includes the inline reader beacon of every public page: ${beaconGzipBytes} bytes gzipped (the rest of a story's is the share panel).`);
  console.log('');
  for (const { name, lighthouse, weight } of measured.pages) {
    console.log(`- ${name}: LCP on the phone: ${weight.lcpElement}; Lighthouse flagged: ${lighthouse.flagged.join('; ') || 'nothing'}`);
  }

  // --- A story whose hero is an 8 MB phone photo ----------------------------------------------
  const story = await addPhonePhotoStory(ROOT);
  try {
    const phone = await withHub(dataDir, async (base) => {
      const original = await fetch(`${base}/images/stories/${story.slug}.jpg`).then((response) => response.arrayBuffer());
      return { original: original.byteLength, dpr3: await measurePageWeight(browser, `${base}/stories/${story.slug}/`, 3), dpr2: await measurePageWeight(browser, `${base}/stories/${story.slug}/`, 2) };
    });
    console.log('');
    printTable(
      ['story with a 4000x3000 phone photo as hero', 'images on load', 'vs the original JPEG alone (baseline, what the page loaded before)', 'scrolled to end', 'largest image', '<= 200 KB on load'],
      [
        ['original JPEG in public/images/ (baseline)', kb(phone.original), '1.000', '', '', phone.original <= PHONE_IMAGE_BUDGET ? 'yes' : 'NO'],
        ['390 px phone, 3x', kb(phone.dpr3.imageBytes), (phone.dpr3.imageBytes / phone.original).toFixed(3), kb(phone.dpr3.imageBytesScrolled), phone.dpr3.largestImage, phone.dpr3.imageBytes <= PHONE_IMAGE_BUDGET ? 'yes' : 'NO'],
        ['390 px phone, 2x', kb(phone.dpr2.imageBytes), (phone.dpr2.imageBytes / phone.original).toFixed(3), kb(phone.dpr2.imageBytesScrolled), phone.dpr2.largestImage, phone.dpr2.imageBytes <= PHONE_IMAGE_BUDGET ? 'yes' : 'NO'],
      ],
    );
  } finally {
    story.remove();
  }
} finally {
  await browser.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
