import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDb } from '../../src/lib/db/create-db.ts';
import { migrateToLatest } from '../../src/lib/db/migrate-to-latest.ts';
import { buildNeeded, runBuild } from '../../src/server/ensure-build.ts';
import { ROOT } from './bench-helpers.ts';
import { seedReferrals, type Seeded } from './seed-referrals.ts';

/**
 * The data the read benches share: the build's published stories, and a fresh SQLite file in a
 * temp folder with BENCH_LINKS share links (default 50,000) and BENCH_CLICKS clicks (default
 * 1,000,000) stored through the hub's write paths; with each link's pass-along size.
 */
export async function seedBenchDatabase(name: string) {
  const clicks = Number(process.env.BENCH_CLICKS ?? 1_000_000);
  const links = Number(process.env.BENCH_LINKS ?? 50_000);
  if (buildNeeded(ROOT, path.join(ROOT, 'dist'))) runBuild(ROOT);
  const stories: string[] = JSON.parse(fs.readFileSync(path.join(ROOT, 'dist/client/api/stories.json'), 'utf8')).stories.map((s: { slug: string }) => s.slug);

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `hub-${name}-bench-`));
  const file = path.join(dataDir, 'hub.db');
  const handle = createDb({ sqliteFile: file });
  await migrateToLatest(handle.db);
  const seedStart = performance.now();
  const seeded: Seeded = await seedReferrals(handle, { stories, links, clicks, onProgress: (line) => console.log(`  seeding: ${line}`) });
  await handle.close();
  console.log(`seeded ${links} links and ${clicks} clicks in ${((performance.now() - seedStart) / 1000).toFixed(0)} s\n`);

  // Links in each link's pass-along (itself and every descendant): children come after parents.
  const subtreeSize = new Map<string, number>();
  for (const link of [...seeded.links].reverse()) {
    const size = (subtreeSize.get(link.code) ?? 0) + 1;
    subtreeSize.set(link.code, size);
    if (link.parent) subtreeSize.set(link.parent, (subtreeSize.get(link.parent) ?? 0) + size);
  }
  return { clicks, links, stories, dataDir, file, seeded, subtreeSize };
}
