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
 * Dashboard page latency with 1M clicks and 50k share links stored (BENCH_CLICKS / BENCH_LINKS
 * to change): every signed-in page over HTTP, rendered by Astro from the rollups. Baselines in
 * the same run: a prerendered page served by the same hub (the floor) and the overview's
 * totals counted from raw clicks (what the page would cost without rollups). Goal: p95 < 200 ms.
 */
const CLICKS = Number(process.env.BENCH_CLICKS ?? 1_000_000);
const LINKS = Number(process.env.BENCH_LINKS ?? 50_000);
const ROUNDS = 30;
const PASSWORD = 'bench-password-0123456789';

if (buildNeeded(ROOT, path.join(ROOT, 'dist'))) runBuild(ROOT);
const stories: string[] = JSON.parse(fs.readFileSync(path.join(ROOT, 'dist/client/api/stories.json'), 'utf8')).stories.map((s: { slug: string }) => s.slug);

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-dashboard-bench-'));
const file = path.join(dataDir, 'hub.db');
const handle = createDb({ sqliteFile: file });
await migrateToLatest(handle.db);
const seedStart = performance.now();
const seeded = await seedReferrals(handle, { stories, links: LINKS, clicks: CLICKS, onProgress: (line) => console.log(`  seeding: ${line}`) });
await handle.close();
console.log(`seeded ${LINKS} links and ${CLICKS} clicks in ${((performance.now() - seedStart) / 1000).toFixed(0)} s\n`);

const top = stories[0]!;
const subtreeSize = new Map<string, number>();
for (const link of [...seeded.links].reverse()) {
  const size = (subtreeSize.get(link.code) ?? 0) + 1;
  subtreeSize.set(link.code, size);
  if (link.parent) subtreeSize.set(link.parent, (subtreeSize.get(link.parent) ?? 0) + size);
}
const root = seeded.links.filter((link) => link.story === top && link.generation === 1).sort((a, b) => subtreeSize.get(b.code)! - subtreeSize.get(a.code)!)[0]!;

/** The overview's five totals for the last 30 days, counted from raw clicks and links. */
function rawOverview(): { p50: number; p95: number } {
  const sqlite = new SqliteDatabase(file, { readonly: true });
  const since = Date.now() - 30 * 86_400_000;
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
  const login = await fetch(`${base}/dashboard/login/`);
  const csrfCookie = login.headers.getSetCookie().find((cookie) => cookie.startsWith('hub_csrf='))!.split(';')[0]!;
  const csrf = /name="csrf" value="([^"]+)"/.exec(await login.text())![1]!;
  const signedIn = await fetch(`${base}/dashboard/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: csrfCookie },
    body: new URLSearchParams({ csrf, password: PASSWORD }).toString(),
  });
  const session = signedIn.headers.getSetCookie().find((cookie) => cookie.startsWith('hub_session='))!.split(';')[0]!;
  const cookie = `${csrfCookie}; ${session}`;

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
