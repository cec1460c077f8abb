import { parseArgs } from 'node:util';
import { z } from 'zod';
import { simulateGrowth, type GroundTruth } from '../lib/simulation/simulate-growth.ts';

/**
 * `npm run simulate -- --links N --seed S [--url U] [--concurrency C]`: drives a running hub
 * with a seeded growth loop, then prints the ground truth beside the hub's own stats (the
 * difference between before and after the run). Exits 1 when they disagree.
 * The stats need HUB_ADMIN_TOKEN (the same value the hub runs with).
 */
const argsSchema = z.object({
  links: z.coerce.number({ error: 'must be a number of links' }).int('must be a whole number').min(1, 'must be at least 1').max(1_000_000, 'must be at most 1000000').default(200),
  seed: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').default(1),
  url: z.url({ protocol: /^https?$/, error: 'must be the hub origin, e.g. http://localhost:4321' }).default(process.env.HUB_URL ?? 'http://localhost:4321'),
  concurrency: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(1, 'must be 1 to 64').max(64, 'must be 1 to 64').default(16),
});

type Totals = { shares: number; reshares: number; clicks: number; uniqueVisitors: number; conversions: number; maxGeneration: number; bot: number; preview: number; head: number };

async function hubTotals(baseUrl: string, token: string, stories: string[]): Promise<Totals> {
  const totals: Totals = { shares: 0, reshares: 0, clicks: 0, uniqueVisitors: 0, conversions: 0, maxGeneration: 0, bot: 0, preview: 0, head: 0 };
  for (const story of stories) {
    const response = await fetch(`${baseUrl}/api/stats/stories/${encodeURIComponent(story)}`, { headers: { Authorization: `Bearer ${token}` } });
    if (!response.ok) throw new Error(`GET /api/stats/stories/${story}: ${response.status} ${await response.text()}`);
    const stats = await response.json();
    for (const key of ['shares', 'reshares', 'clicks', 'uniqueVisitors', 'conversions'] as const) totals[key] += stats[key];
    for (const key of ['bot', 'preview', 'head'] as const) totals[key] += stats.excluded[key] ?? 0;
    totals.maxGeneration = Math.max(totals.maxGeneration, ...stats.generations.filter((g: { links: number }) => g.links > 0).map((g: { generation: number }) => g.generation), 0);
  }
  return totals;
}

async function main() {
  const { values } = parseArgs({
    options: { links: { type: 'string' }, seed: { type: 'string' }, url: { type: 'string' }, concurrency: { type: 'string' } },
  });
  const parsed = argsSchema.safeParse(values);
  if (!parsed.success) throw new Error(parsed.error.issues.map((issue) => `--${String(issue.path[0])} ${issue.message}`).join('\n'));
  const { links, seed, url, concurrency } = parsed.data;
  const baseUrl = url.replace(/\/+$/, '');
  const token = process.env.HUB_ADMIN_TOKEN;
  if (!token) throw new Error('Set HUB_ADMIN_TOKEN to the value the hub runs with: the comparison reads /api/stats/*.');

  const index = await fetch(`${baseUrl}/api/stories.json`).catch((error: Error) => {
    throw new Error(`Cannot reach the hub at ${baseUrl} (${error.message}). Start it with npm start, or pass --url.`);
  });
  if (!index.ok) throw new Error(`GET ${baseUrl}/api/stories.json answered ${index.status}: is this a hub?`);
  const stories = ((await index.json()) as { stories: { slug: string }[] }).stories.map((story) => story.slug);

  const before = await hubTotals(baseUrl, token, stories);
  const started = performance.now();
  let last = 0;
  const truth: GroundTruth = await simulateGrowth({
    baseUrl,
    links,
    seed,
    stories,
    concurrency,
    onProgress(done) {
      if (done - last >= 1000 || done === links) {
        last = done;
        process.stdout.write(`\r  ${done} / ${links} links`);
      }
    },
  });
  process.stdout.write('\n');
  const seconds = (performance.now() - started) / 1000;
  const after = await hubTotals(baseUrl, token, stories);

  const rows: [string, number, number][] = [
    ['shares', truth.shares, after.shares - before.shares],
    ['reshares', truth.reshares, after.reshares - before.reshares],
    ['clicks', truth.clicks, after.clicks - before.clicks],
    ['uniqueVisitors', truth.uniqueVisitors, after.uniqueVisitors - before.uniqueVisitors],
    ['conversions', truth.conversions, after.conversions - before.conversions],
    ['excluded.preview', truth.excluded.preview, after.preview - before.preview],
    ['excluded.bot', truth.excluded.bot, after.bot - before.bot],
    ['excluded.head', truth.excluded.head, after.head - before.head],
  ];
  console.log(`\nSimulated ${truth.shares} links over ${truth.stories.length} stories in ${seconds.toFixed(1)} s (seed ${seed}); deepest generation ${truth.maxGeneration} (hub: ${after.maxGeneration}).\n`);
  console.log('| metric | simulated (ground truth) | hub reports (change) | |');
  console.log('| --- | --- | --- | --- |');
  for (const [name, simulated, reported] of rows) console.log(`| ${name} | ${simulated} | ${reported} | ${simulated === reported ? 'match' : 'DIFFERENT'} |`);
  const mismatches = rows.filter(([, simulated, reported]) => simulated !== reported).length;
  console.log(mismatches === 0 ? '\nAll numbers match.' : `\n${mismatches} numbers differ.`);
  process.exitCode = mismatches === 0 ? 0 : 1;
}

main().catch((error: Error) => {
  console.error(`simulate: ${error.message}`);
  process.exitCode = 2;
});
