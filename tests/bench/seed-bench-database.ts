import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { createDb } from '../../src/lib/db/create-db.ts';
import { migrateToLatest } from '../../src/lib/db/migrate-to-latest.ts';
import { buildNeeded, runBuild } from '../../src/server/ensure-build.ts';
import { ROOT } from './bench-helpers.ts';
import { seedReferrals, type Seeded } from './seed-referrals.ts';

/**
 * The engines a bench runs on: SQLite always, PostgreSQL too when DATABASE_URL or TEST_DATABASE_URL
 * names a server; BENCH_ENGINES=postgres (or sqlite) runs only that one.
 */
export const benchEngines = (): ('sqlite' | 'postgres')[] => {
  const available: ('sqlite' | 'postgres')[] = process.env.DATABASE_URL || process.env.TEST_DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite'];
  const wanted = process.env.BENCH_ENGINES?.split(',');
  return wanted ? available.filter((engine) => wanted.includes(engine)) : available;
};

/**
 * The data the read benches share: the build's published stories, and a fresh database with
 * BENCH_LINKS share links (default 50,000) and BENCH_CLICKS clicks (default 1,000,000) stored
 * through the hub's write paths; with each link's pass-along size. SQLite: a file in a temp
 * folder; PostgreSQL: a database of its own on that server, dropped by `drop()`. `env` is what
 * a hub needs to open it; `seedSeconds` and `bytes` say what seeding took.
 */
export async function seedBenchDatabase(name: string, engine: 'sqlite' | 'postgres' = 'sqlite') {
  const clicks = Number(process.env.BENCH_CLICKS ?? 1_000_000);
  const links = Number(process.env.BENCH_LINKS ?? 50_000);
  if (buildNeeded(ROOT, path.join(ROOT, 'dist'))) runBuild(ROOT);
  const stories: string[] = JSON.parse(fs.readFileSync(path.join(ROOT, 'dist/client/api/stories.json'), 'utf8')).stories.map((s: { slug: string }) => s.slug);

  // BENCH_KEEP=1: the seeded database stays (a folder and a PostgreSQL database named after the
  // sizes) and later runs with the same sizes reuse it: 10M clicks are seeded once.
  const keep = process.env.BENCH_KEEP === '1';
  const dataDir = keep ? path.join(os.tmpdir(), `hub-bench-${engine}-${clicks}-${links}`) : fs.mkdtempSync(path.join(os.tmpdir(), `hub-${name}-bench-`));
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, 'hub.db');
  const marker = path.join(dataDir, 'seeded.json');
  let databaseUrl: string | undefined;
  const server = process.env.DATABASE_URL || process.env.TEST_DATABASE_URL;
  const database = keep ? `hub_bench_${clicks}_${links}` : `hub_bench_${name}_${process.pid}`;
  const reuse = keep && fs.existsSync(marker);
  if (engine === 'postgres') {
    const admin = createDb({ databaseUrl: server, sqliteFile: '' });
    if (!reuse) {
      await sql.raw(`drop database if exists ${database} with (force)`).execute(admin.db);
      await sql.raw(`create database ${database}`).execute(admin.db);
    }
    await admin.close();
    databaseUrl = Object.assign(new URL(server!), { pathname: `/${database}` }).href;
  }
  const handle = createDb({ databaseUrl, sqliteFile: file });
  await migrateToLatest(handle.db);
  let seeded: Seeded;
  let seedSeconds: number;
  let bytes: number;
  if (reuse) {
    ({ seedSeconds, bytes } = JSON.parse(fs.readFileSync(marker, 'utf8')));
    const rows = await handle.db.selectFrom('share_links').select(['code', 'story_slug', 'channel', 'generation', 'parent_code', 'advocate_id', 'created_at']).orderBy('created_at').orderBy('code').execute();
    seeded = {
      clicks,
      links: rows.map((row) => ({ code: row.code, story: row.story_slug, channel: row.channel, generation: Number(row.generation), parent: row.parent_code, advocate: row.advocate_id, createdAt: Number(row.created_at) })),
    };
    console.log(`reusing the ${engine} database seeded with ${links} links and ${clicks} clicks (BENCH_KEEP=1, ${dataDir}${engine === 'postgres' ? `, database ${database}` : ''})`);
  } else {
    const seedStart = performance.now();
    seeded = await seedReferrals(handle, { stories, links, clicks, onProgress: (line) => console.log(`  seeding (${engine}): ${line}`) });
    seedSeconds = (performance.now() - seedStart) / 1000;
    // Planner statistics as a running database has them (autovacuum on PostgreSQL, PRAGMA optimize on SQLite).
    await sql`analyze`.execute(handle.db);
    bytes = engine === 'postgres'
      ? Number((await sql<{ n: string }>`select pg_database_size(current_database()) as n`.execute(handle.db)).rows[0]!.n)
      : fs.statSync(file).size + (fs.existsSync(`${file}-wal`) ? fs.statSync(`${file}-wal`).size : 0);
    if (keep) fs.writeFileSync(marker, JSON.stringify({ seedSeconds, bytes }));
  }
  await handle.close();
  console.log(`seeded ${links} links and ${clicks} clicks on ${engine} in ${seedSeconds.toFixed(0)} s: ${(bytes / 1e6).toFixed(0)} MB, ${(bytes / 1e6 / (clicks / 1e6)).toFixed(0)} MB per million clicks\n`);

  // Links in each link's pass-along (itself and every descendant), deepest generation first.
  const subtreeSize = new Map<string, number>();
  for (const link of [...seeded.links].sort((a, b) => b.generation - a.generation)) {
    const size = (subtreeSize.get(link.code) ?? 0) + 1;
    subtreeSize.set(link.code, size);
    if (link.parent) subtreeSize.set(link.parent, (subtreeSize.get(link.parent) ?? 0) + size);
  }
  const env: Record<string, string> = { DATA_DIR: dataDir, ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) };
  async function drop() {
    if (keep) return;
    fs.rmSync(dataDir, { recursive: true, force: true });
    if (engine !== 'postgres') return;
    const admin = createDb({ databaseUrl: server, sqliteFile: '' });
    await sql.raw(`drop database if exists ${database} with (force)`).execute(admin.db);
    await admin.close();
  }
  return { clicks, links, stories, dataDir, file, seeded, subtreeSize, env, drop, seedSeconds, bytes, engine };
}
