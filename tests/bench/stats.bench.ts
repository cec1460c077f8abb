import SqliteDatabase from 'better-sqlite3';
import { DAY_MS } from '../../src/lib/time/utc-day.ts';
import { percentile, printTable, startProcess } from './bench-helpers.ts';
import { seedBenchDatabase } from './seed-bench-database.ts';

/**
 * Stats latency with 1M clicks and 50k share links stored (BENCH_CLICKS / BENCH_LINKS to
 * change): GET /api/stats/* over HTTP reads rollups; the baseline computes the same story
 * numbers by scanning raw clicks, in the same run on the same file.
 */
const ROUNDS = 40;
const TOKEN = 'bench-token-0123456789abcdef';

const { clicks: CLICKS, links: LINKS, stories, env, file, seeded, subtreeSize, drop } = await seedBenchDatabase('stats');
const top = stories[0]!;
// The root link with the largest pass-along tree (the heaviest /api/stats/links/<code> read).
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

const hub = await startProcess(['src/server/main.ts'], { HOST: '127.0.0.1', PORT: '0', ...env, HUB_ADMIN_TOKEN: TOKEN });
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
    [`GET /api/stats/stories/${top}?from=…&to=… (last 7 days)`, await timeRequests(`${base}/api/stats/stories/${top}?from=${new Date(Date.now() - 6 * DAY_MS).toISOString().slice(0, 10)}&to=${new Date().toISOString().slice(0, 10)}`)],
    [`GET /api/public/stories/${top}`, await timeRequests(`${base}/api/public/stories/${top}`)],
  ];
  printTable(
    [`${CLICKS} clicks, ${LINKS} links, ${ROUNDS} sequential requests`, 'p50 ms', 'p95 ms', 'speed-up vs scan (p50)'],
    rows.map(([name, t]) => [name, t.p50.toFixed(1), t.p95.toFixed(1), (scan.p50 / t.p50).toFixed(1) + 'x']),
  );
} finally {
  hub.child.kill('SIGTERM');
  await new Promise((resolve) => hub.child.once('exit', resolve));
  await drop();
}
