import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/**
 * `npm run bench [-- name...]`: runs every tests/bench/*.bench.ts (or the named ones) one after
 * another, each in its own process so they do not disturb each other's numbers. Each prints a
 * table with ratios against a baseline it measures in the same run.
 */
const dir = import.meta.dirname;
const wanted = process.argv.slice(2);
const benches = fs
  .readdirSync(dir)
  .filter((name) => name.endsWith('.bench.ts'))
  .filter((name) => wanted.length === 0 || wanted.some((want) => name.startsWith(want)))
  .sort();

if (benches.length === 0) {
  console.error(`No bench matches ${wanted.join(', ')}; available: ${fs.readdirSync(dir).filter((n) => n.endsWith('.bench.ts')).join(', ')}`);
  process.exit(1);
}

let failed = 0;
for (const bench of benches) {
  console.log(`\n## ${bench.replace(/\.bench\.ts$/, '')}\n`);
  const result = spawnSync(process.execPath, ['--disable-warning=ExperimentalWarning', path.join(dir, bench)], { stdio: 'inherit' });
  if (result.status !== 0) failed += 1;
}
process.exit(failed > 0 ? 1 : 0);
