import path from 'node:path';
import { buildNeeded, runBuild } from '../../src/server/ensure-build.ts';

/** Vitest global setup for e2e: the same "build when needed" rule as `npm start`. */
export default function setup() {
  const root = path.resolve(import.meta.dirname, '../..');
  const reason = buildNeeded(root, path.join(root, 'dist'));
  if (reason) {
    console.log(`[e2e] building the site (${reason})`);
    runBuild(root);
  }
}
