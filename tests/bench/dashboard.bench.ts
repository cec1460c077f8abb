import fs from 'node:fs';
import SqliteDatabase from 'better-sqlite3';
import { DAY_MS } from '../../src/lib/time/utc-day.ts';
import { submissionClient } from '../helpers/submission-client.ts';
import { percentile, printTable, startProcess } from './bench-helpers.ts';
import { seedBenchDatabase } from './seed-bench-database.ts';

/**
 * Dashboard page latency with 1M clicks and 50k share links stored (BENCH_CLICKS / BENCH_LINKS
 * to change): every signed-in page over HTTP, rendered by Astro from the rollups. Baselines in
 * the same run: a prerendered page served by the same hub (the floor) and the overview's
 * totals counted from raw clicks (what the page would cost without rollups). Goal: p95 < 200 ms.
 */
const ROUNDS = 30;
const PASSWORD = 'bench-password-0123456789';

const { clicks: CLICKS, links: LINKS, stories, dataDir, file, seeded, subtreeSize } = await seedBenchDatabase('dashboard');
const top = stories[0]!;
const root = seeded.links.filter((link) => link.story === top && link.generation === 1).sort((a, b) => subtreeSize.get(b.code)! - subtreeSize.get(a.code)!)[0]!;

/** The overview's five totals for the last 30 days, counted from raw clicks and links. */
function rawOverview(): { p50: number; p95: number } {
  const sqlite = new SqliteDatabase(file, { readonly: true });
  const since = Date.now() - 30 * DAY_MS;
  const clicks = sqlite.prepare(`select count(*) as clicks,
      count(distinct c.code || '|' || c.visitor || '|' || date(c.clicked_at / 1000, 'unixepoch')) as unique_visitors
    from clicks c where c.clicked_at >= ?`);
  const links = sqlite.prepare('select count(*) as shares, count(parent_code) as reshares from share_links where created_at >= ?');
  const times: number[] = [];
  for (let i = 0; i < 4; i += 1) {
    const started = performance.now();
    clicks.get(since);
    links.get(since);
    if (i >= 1) times.push(performance.now() - started);
  }
  sqlite.close();
  return { p50: percentile(times, 50), p95: percentile(times, 95) };
}

const hub = await startProcess(['src/server/main.ts'], { HOST: '127.0.0.1', PORT: '0', DATA_DIR: dataDir, HUB_ADMIN_PASSWORD: PASSWORD });
try {
  const base = `http://127.0.0.1:${hub.port}`;
  const { cookie } = await submissionClient(base).login(PASSWORD);

  async function timePage(pathname: string): Promise<{ p50: number; p95: number; bytes: number }> {
    const times: number[] = [];
    let bytes = 0;
    for (let i = 0; i < ROUNDS + 3; i += 1) {
      const started = performance.now();
      const response = await fetch(`${base}${pathname}`, { headers: { Cookie: cookie }, redirect: 'manual' });
      const body = await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`${pathname}: ${response.status} ${Buffer.from(body).toString()}`);
      bytes = body.byteLength;
      if (i >= 3) times.push(performance.now() - started);
    }
    return { p50: percentile(times, 50), p95: percentile(times, 95), bytes };
  }

  const floor = await timePage('/purpose/');
  const pages: [string, string][] = [
    ['overview, last 30 days', '/dashboard/'],
    ['overview, last 365 days', '/dashboard/?days=365'],
    [`story view "${top}" with its whole tree`, `/dashboard/stories/${top}/`],
    [`story view, tree from its biggest branch (${subtreeSize.get(root.code)} links)`, `/dashboard/stories/${top}/?root=${root.code}`],
    [`link view of that branch`, `/dashboard/links/${root.code}/`],
    ['links, most clicks first', '/dashboard/links/?sort=clicks'],
    ['links of one story, most clicks first', `/dashboard/links/?sort=clicks&story=${top}`],
    ['links made in the period', '/dashboard/links/'],
    ['advocates, most clicks first', '/dashboard/advocates/'],
    ['momentum timeline', '/dashboard/momentum/'],
    ['overview daily table as CSV', '/dashboard/?csv=daily'],
  ];
  const results = [];
  for (const [name, pathname] of pages) results.push({ name, ...(await timePage(pathname)) });
  const raw = rawOverview();
  printTable(
    [`${CLICKS} clicks, ${LINKS} links, ${ROUNDS} sequential requests`, 'p50 ms', 'p95 ms', 'KB', 'p95 vs static page', 'p95 < 200 ms'],
    [
      ['static page /purpose/ (baseline: the floor)', floor.p50.toFixed(1), floor.p95.toFixed(1), (floor.bytes / 1024).toFixed(0), '1.0x', ''],
      ['overview totals from raw clicks (baseline, no HTTP)', raw.p50.toFixed(1), raw.p95.toFixed(1), '', (raw.p95 / floor.p95).toFixed(1) + 'x', raw.p95 < 200 ? 'yes' : 'NO'],
      ...results.map((row) => [row.name, row.p50.toFixed(1), row.p95.toFixed(1), (row.bytes / 1024).toFixed(0), (row.p95 / floor.p95).toFixed(1) + 'x', row.p95 < 200 ? 'yes' : 'NO']),
    ],
  );
} finally {
  hub.child.kill('SIGTERM');
  await new Promise((resolve) => hub.child.once('exit', resolve));
  fs.rmSync(dataDir, { recursive: true, force: true });
}
