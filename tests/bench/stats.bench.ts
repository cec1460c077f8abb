import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { createDb } from '../../src/lib/db/create-db.ts';
import { migrateToLatest } from '../../src/lib/db/migrate-to-latest.ts';
import { buildNeeded, runBuild } from '../../src/server/ensure-build.ts';
import { percentile, printTable, ROOT, startProcess } from './bench-helpers.ts';
import { seedReferrals } from './seed-referrals.ts';

/**
 * Stats latency with 1M clicks and 50k share links stored (BENCH_CLICKS / BENCH_LINKS to
 * change): GET /api/stats/* over HTTP reads rollups; the baseline computes the same story
 * numbers by scanning raw clicks, in the same run on the same file.
 */
const CLICKS = Number(process.env.BENCH_CLICKS ?? 1_000_000);
const LINKS = Number(process.env.BENCH_LINKS ?? 50_000);
const ROUNDS = 40;
const TOKEN = 'bench-token-0123456789abcdef';

if (buildNeeded(ROOT, path.join(ROOT, 'dist'))) runBuild(ROOT);
const stories: string[] = JSON.parse(fs.readFileSync(path.join(ROOT, 'dist/client/api/stories.json'), 'utf8')).stories.map((s: { slug: string }) => s.slug);

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-stats-bench-'));
const file = path.join(dataDir, 'hub.db');
const handle = createDb({ sqliteFile: file });
await migrateToLatest(handle.db);
const seedStart = performance.now();
const seeded = await seedReferrals(handle, { stories, links: LINKS, clicks: CLICKS, onProgress: (line) => console.log(`  seeding: ${line}`) });
await handle.close();
console.log(`seeded ${LINKS} links and ${CLICKS} clicks in ${((performance.now() - seedStart) / 1000).toFixed(0)} s\n`);

const top = stories[0]!;
// The root link with the largest pass-along tree (the heaviest /api/stats/links/<code> read).
const subtreeSize = new Map<string, number>();
for (const link of [...seeded.links].reverse()) {
  const size = (subtreeSize.get(link.code) ?? 0) + 1;
  subtreeSize.set(link.code, size);
  if (link.parent) subtreeSize.set(link.parent, (subtreeSize.get(link.parent) ?? 0) + size);
}
const root = seeded.links.filter((link) => link.generation === 1).sort((a, b) => subtreeSize.get(b.code)! - subtreeSize.get(a.code)!)[0]!;
const leaf = seeded.links.findLast((link) => link.story === top)!;

async function timeRequests(url: string): Promise<{ p50: number; p95: number }> {
  const times: number[] = [];
  for (let i = 0; i < ROUNDS + 3; i += 1) {
    const started = performance.now();
    const response = await fetch(url, { headers: { Authorization: `Bearer ${TOKEN}` } });
    if (!response.ok) throw new Error(`${url}: ${response.status} ${await response.text()}`);
    await response.json();
    if (i >= 3) times.push(performance.now() - started);
  }
  return { p50: percentile(times, 50), p95: percentile(times, 95) };
}

/** The naive way: the same per generation and channel numbers, counted from raw clicks. */
function scanRawClicks(): { p50: number; p95: number } {
  const sqlite = new SqliteDatabase(file, { readonly: true });
  const query = sqlite.prepare(`
    select l.generation, l.channel, count(*) as clicks,
           count(distinct c.code || '|' || c.visitor || '|' || date(c.clicked_at / 1000, 'unixepoch')) as unique_visitors
    from clicks c join share_links l on l.code = c.code
    where l.story_slug = ?
    group by l.generation, l.channel`);
  const times: number[] = [];
  for (let i = 0; i < 6; i += 1) {
    const started = performance.now();
    query.all(top);
    if (i >= 1) times.push(performance.now() - started);
  }
  sqlite.close();
  return { p50: percentile(times, 50), p95: percentile(times, 95) };
}

const hub = await startProcess(['src/server/main.ts'], { HOST: '127.0.0.1', PORT: '0', DATA_DIR: dataDir, HUB_ADMIN_TOKEN: TOKEN });
try {
  const base = `http://127.0.0.1:${hub.port}`;
  const storyStats = await fetch(`${base}/api/stats/stories/${top}`, { headers: { Authorization: `Bearer ${TOKEN}` } }).then((r) => r.json());
  const rootStats = await fetch(`${base}/api/stats/links/${root.code}`, { headers: { Authorization: `Bearer ${TOKEN}` } }).then((r) => r.json());
  const scan = scanRawClicks();
  const rows: [string, { p50: number; p95: number }][] = [
    [`raw-click scan of story "${top}" (baseline, no HTTP)`, scan],
    [`GET /api/stats/stories/${top} (${storyStats.clicks} clicks, ${storyStats.shares} links)`, await timeRequests(`${base}/api/stats/stories/${top}`)],
    [`GET /api/stats/links/<root> (subtree of ${rootStats.shares} links)`, await timeRequests(`${base}/api/stats/links/${root.code}`)],
    [`GET /api/stats/links/<leaf>`, await timeRequests(`${base}/api/stats/links/${leaf.code}`)],
    [`GET /api/stats/stories/${top}?from=…&to=… (last 7 days)`, await timeRequests(`${base}/api/stats/stories/${top}?from=${new Date(Date.now() - 6 * 86_400_000).toISOString().slice(0, 10)}&to=${new Date().toISOString().slice(0, 10)}`)],
    [`GET /api/public/stories/${top}`, await timeRequests(`${base}/api/public/stories/${top}`)],
  ];
  printTable(
    [`${CLICKS} clicks, ${LINKS} links, ${ROUNDS} sequential requests`, 'p50 ms', 'p95 ms', 'speed-up vs scan (p50)'],
    rows.map(([name, t]) => [name, t.p50.toFixed(1), t.p95.toFixed(1), (scan.p50 / t.p50).toFixed(1) + 'x']),
  );
} finally {
  hub.child.kill('SIGTERM');
  await new Promise((resolve) => hub.child.once('exit', resolve));
  fs.rmSync(dataDir, { recursive: true, force: true });
}
