import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import satori from 'satori';
import sharp from 'sharp';
import { createCardPool } from '../../src/lib/cards/create-card-pool.ts';
import { createCardRenderer } from '../../src/lib/cards/create-card-renderer.ts';
import { loadCardFonts } from '../../src/lib/cards/load-card-fonts.ts';
import { cardIndexSchema } from '../../src/lib/cards/schema.ts';
import { storyCard } from '../../src/lib/cards/story-card.ts';
import { buildNeeded, runBuild } from '../../src/server/ensure-build.ts';
import { CHROMIUM, hasChromium, launchBrowser } from '../helpers/launch-browser.ts';
import { load, percentile, printTable, ROOT, startProcess } from './bench-helpers.ts';

/**
 * Share cards, each goal against a baseline measured in the same run:
 * - OG PNG render p50 >= 2x faster than a naive satori + sharp pipeline at default settings
 *   (full-size photos embedded in the SVG, PNG at sharp's defaults), Chromium screenshot for reference;
 * - a cached card served at >= 0.8x the req/s of a static file of the same size;
 * - RSS flat over 5,000 renders (through the worker pool).
 */
const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const renders = Number(process.env.BENCH_RENDERS ?? 5_000);
const samples = Number(process.env.BENCH_SAMPLES ?? 25);

if (buildNeeded(ROOT, path.join(ROOT, 'dist'))) runBuild(ROOT);
const clientDir = path.join(ROOT, 'dist/client');
const index = cardIndexSchema.parse(JSON.parse(fs.readFileSync(path.join(clientDir, 'api/cards.json'), 'utf8')));
const content = index.cards.find((card) => card.customer.photo) ?? index.cards[0]!;
const brand = index.brand;
const ms = (value: number) => value.toFixed(1);

/** Times each pipeline `samples` times, taking them in turns so that other load on the machine hits all alike. */
async function timeInTurns(runs: (() => Promise<unknown>)[]): Promise<number[][]> {
  for (const run of runs) await run();
  const times: number[][] = runs.map(() => []);
  for (let i = 0; i < samples; i += 1) {
    for (const [n, run] of runs.entries()) {
      const started = performance.now();
      await run();
      times[n]!.push(performance.now() - started);
    }
  }
  return times;
}

// --- Rendering one OG card on this thread ------------------------------------------------------
const fonts = loadCardFonts();
const dataUri = (file: string, type: string) => `data:${type};base64,${fs.readFileSync(path.join(clientDir, file)).toString('base64')}`;
const naiveImages = {
  hero: dataUri(content.image, 'image/jpeg'),
  photo: content.customer.photo ? dataUri(content.customer.photo, 'image/jpeg') : undefined,
  logo: dataUri(brand.logo, 'image/svg+xml'),
};
const naive = async () => {
  const svg = await satori(storyCard(content, brand, 'og', naiveImages) as Parameters<typeof satori>[0], { width: 1200, height: 630, fonts });
  return sharp(Buffer.from(svg)).png().toBuffer();
};
const renderer = createCardRenderer({ publicDir: clientDir });
const tuned = () => renderer.renderStory(content, brand, 'og');

const base = await tuned();
const [naiveTimes, tunedTimes, personalTimes] = (await timeInTurns([naive, tuned, () => renderer.personalize(base, 'Ana Lúcia', brand)])) as [number[], number[], number[]];

let chromiumRow: (string | number)[] = ['Chromium screenshot of the same card (reference)', 'skipped: no Chromium at ' + CHROMIUM, '', '', ''];
if (hasChromium && fs.existsSync(CHROMIUM)) {
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: 1200, height: 630 } });
    const svg = await satori(storyCard(content, brand, 'og', naiveImages) as Parameters<typeof satori>[0], { width: 1200, height: 630, fonts });
    const html = `<!doctype html><html><body style="margin:0">${svg}</body></html>`;
    const [times] = (await timeInTurns([
      async () => {
        await page.setContent(html);
        return page.screenshot({ type: 'png' });
      },
    ])) as [number[]];
    chromiumRow = ['Chromium screenshot of the same card (reference)', ms(percentile(times, 50)), ms(percentile(times, 95)), (percentile(naiveTimes, 50) / percentile(times, 50)).toFixed(2), ''];
  } finally {
    await browser.close();
  }
}

console.log(`### Rendering one Open Graph card (1200x630, with photos), ${samples} samples each, one thread\n`);
printTable(
  ['pipeline', 'p50 ms', 'p95 ms', 'speed-up vs naive', 'PNG bytes'],
  [
    ['naive: satori + sharp defaults, full-size photos in the SVG (baseline)', ms(percentile(naiveTimes, 50)), ms(percentile(naiveTimes, 95)), '1.00', (await naive()).length],
    ['hub: photos cropped to their slot, hero composited by sharp, PNG level 3', ms(percentile(tunedTimes, 50)), ms(percentile(tunedTimes, 95)), (percentile(naiveTimes, 50) / percentile(tunedTimes, 50)).toFixed(2), base.length],
    ['hub: personalized card (badge composited onto the cached card)', ms(percentile(personalTimes, 50)), ms(percentile(personalTimes, 95)), (percentile(naiveTimes, 50) / percentile(personalTimes, 50)).toFixed(2), ''],
    chromiumRow,
  ],
);

// --- Serving a cached card against a static file of the same size ------------------------------
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-bench-cards-'));
const cardPath = `/cards/${content.kind}/${content.slug}/og.png`;
const staticName = `bench-static-${process.pid}.png`;
const hub = await startProcess(['src/server/main.ts'], { HOST: '127.0.0.1', PORT: '0', DATA_DIR: dataDir, CARD_CACHE_DIR: path.join(dataDir, 'cards') });
let staticFile = '';
try {
  const card = Buffer.from(await (await fetch(`http://127.0.0.1:${hub.port}${cardPath}`)).arrayBuffer());
  hub.child.kill('SIGTERM');
  await new Promise((resolve) => hub.child.once('exit', resolve));
  // The hub indexes dist/client at start-up: a copy of the card there is a static file of the same size.
  staticFile = path.join(clientDir, staticName);
  fs.writeFileSync(staticFile, card);
  const again = await startProcess(['src/server/main.ts'], { HOST: '127.0.0.1', PORT: '0', DATA_DIR: dataDir, CARD_CACHE_DIR: path.join(dataDir, 'cards') });
  try {
    const url = (urlPath: string) => `http://127.0.0.1:${again.port}${urlPath}`;
    await load(url(cardPath), { seconds: 1, connections: 20 });
    await load(url(`/${staticName}`), { seconds: 1, connections: 20 });
    // One-second runs taken in turns, so that load from other work on the machine hits both alike.
    const runs: { file: Awaited<ReturnType<typeof load>>[]; card: Awaited<ReturnType<typeof load>>[] } = { file: [], card: [] };
    for (let round = 0; round < seconds; round += 1) {
      const order = round % 2 === 0 ? (['file', 'card'] as const) : (['card', 'file'] as const);
      for (const which of order) runs[which].push(await load(url(which === 'file' ? `/${staticName}` : cardPath), { seconds: 1, connections: 20 }));
    }
    const sum = (list: Awaited<ReturnType<typeof load>>[]) => ({
      requestsPerSecond: Math.round(list.reduce((total, run) => total + run.requestsPerSecond, 0) / list.length),
      p50: percentile(list.map((run) => run.p50), 50),
      p99: Math.max(...list.map((run) => run.p99)),
      errors: list.reduce((total, run) => total + run.errors, 0),
    });
    const file = sum(runs.file);
    const cardLoad = sum(runs.card);
    console.log(`\n### Serving a cached ${card.length}-byte card (20 connections, ${seconds} alternating 1 s runs each)\n`);
    printTable(
      ['route', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'ratio vs static'],
      [
        ['static file of the same size (baseline)', file.requestsPerSecond, file.p50, file.p99, file.errors, '1.00'],
        [`${cardPath} (cached)`, cardLoad.requestsPerSecond, cardLoad.p50, cardLoad.p99, cardLoad.errors, (cardLoad.requestsPerSecond / file.requestsPerSecond).toFixed(2)],
      ],
    );
  } finally {
    again.child.kill('SIGTERM');
    await new Promise((resolve) => again.child.once('exit', resolve));
  }
} finally {
  if (staticFile) fs.rmSync(staticFile, { force: true });
  fs.rmSync(dataDir, { recursive: true, force: true });
}

// --- Memory over many renders through the pool ---------------------------------------------------
const pool = createCardPool({ publicDir: clientDir });
const rss = () => Math.round(process.memoryUsage().rss / 1024 / 1024);
const rows: (string | number)[][] = [['0', rss(), '']];
const started = performance.now();
let done = 0;
const step = Math.max(1, Math.floor(renders / 5));
const titles = index.cards.map((card) => card.title);
async function lane() {
  while (done < renders) {
    const n = done++;
    await pool.renderStory({ ...content, title: `${titles[n % titles.length]} #${n}` }, brand, 'og');
    if ((n + 1) % step === 0) rows.push([String(n + 1), rss(), ((n + 1) / ((performance.now() - started) / 1000)).toFixed(1)]);
  }
}
await Promise.all(Array.from({ length: pool.size * 2 }, lane));
await pool.close();
console.log(`\n### Process RSS over ${renders} distinct Open Graph renders (pool of ${pool.size} workers)\n`);
printTable(['renders', 'RSS MB', 'cards/s so far'], rows);
