import { sql } from 'kysely';
import { createDb } from '../../src/lib/db/create-db.ts';
import { DAY_MS } from '../../src/lib/time/utc-day.ts';
import { submissionClient } from '../helpers/submission-client.ts';
import { percentile, printTable, startProcess } from './bench-helpers.ts';
import { benchEngines, seedBenchDatabase } from './seed-bench-database.ts';

/**
 * Dashboard page latency with 1M clicks and 50k share links stored (BENCH_CLICKS / BENCH_LINKS
 * to change, e.g. 10,000,000 and 500,000), on SQLite and, when DATABASE_URL / TEST_DATABASE_URL
 * is set, PostgreSQL: every signed-in page over HTTP, rendered by Astro from the rollups.
 * Baselines in the same run: a prerendered page served by the same hub (the floor) and the
 * overview's totals counted from raw clicks (what the page would cost without rollups).
 * Goal: p95 < 200 ms.
 */
const ROUNDS = 30;
const PASSWORD = 'bench-password-0123456789';

for (const engine of benchEngines()) {
  const bench = await seedBenchDatabase('dashboard', engine);
  const { clicks: CLICKS, links: LINKS, stories, seeded, subtreeSize } = bench;
  const top = stories[0]!;
  const root = seeded.links.filter((link) => link.story === top && link.generation === 1).sort((a, b) => subtreeSize.get(b.code)! - subtreeSize.get(a.code)!)[0]!;

  /** The overview's five totals for the last 30 days, counted from raw clicks and links. */
  async function rawOverview(): Promise<{ p50: number; p95: number }> {
    const handle = createDb({ databaseUrl: bench.env.DATABASE_URL, sqliteFile: bench.file });
    const since = Date.now() - 30 * DAY_MS;
    const day = engine === 'postgres' ? sql`to_char(to_timestamp(c.clicked_at / 1000), 'YYYY-MM-DD')` : sql`date(c.clicked_at / 1000, 'unixepoch')`;
    const times: number[] = [];
    for (let i = 0; i < 4; i += 1) {
      const started = performance.now();
      await sql`select count(*) as clicks, count(distinct c.code || '|' || c.visitor || '|' || ${day}) as unique_visitors from clicks c where c.clicked_at >= ${since}`.execute(handle.db);
      await sql`select count(*) as shares, count(parent_code) as reshares from share_links where created_at >= ${since}`.execute(handle.db);
      if (i >= 1) times.push(performance.now() - started);
    }
    await handle.close();
    return { p50: percentile(times, 50), p95: percentile(times, 95) };
  }

  const hub = await startProcess(['src/server/main.ts'], { HOST: '127.0.0.1', PORT: '0', ...bench.env, HUB_ADMIN_PASSWORD: PASSWORD });
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
    const raw = await rawOverview();
    const verdict = (p95: number) => (p95 < 200 ? 'yes' : 'NO');
    printTable(
      [`${engine}: ${CLICKS} clicks, ${LINKS} links, ${ROUNDS} sequential requests`, 'p50 ms', 'p95 ms', 'KB', 'p95 vs static page', 'p95 < 200 ms'],
      [
        ['static page /purpose/ (baseline: the floor)', floor.p50.toFixed(1), floor.p95.toFixed(1), (floor.bytes / 1024).toFixed(0), '1.0x', ''],
        ['overview totals from raw clicks (baseline, no HTTP)', raw.p50.toFixed(1), raw.p95.toFixed(1), '', (raw.p95 / floor.p95).toFixed(1) + 'x', verdict(raw.p95)],
        ...results.map((row) => [row.name, row.p50.toFixed(1), row.p95.toFixed(1), (row.bytes / 1024).toFixed(0), (row.p95 / floor.p95).toFixed(1) + 'x', verdict(row.p95)]),
      ],
    );
    console.log(`\nseeding took ${bench.seedSeconds.toFixed(0)} s; the database holds ${(bench.bytes / 1e6 / (CLICKS / 1e6)).toFixed(0)} MB per million clicks\n`);
  } finally {
    hub.child.kill('SIGTERM');
    await new Promise((resolve) => hub.child.once('exit', resolve));
    await bench.drop();
  }
}
