import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { BUILD_INFO_FILE, type BuildInfo } from './build-info-integration.ts';

/** What a build is made from; a change to any of them makes `npm start` rebuild. */
const SOURCES = ['src', 'content', 'public', 'astro.config.mjs', 'package.json'];
const IGNORED = new Set(['admin']);

function newestChange(target: string): number {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(target);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of fs.readdirSync(target)) {
    if (IGNORED.has(entry)) continue;
    newest = Math.max(newest, newestChange(path.join(target, entry)));
  }
  return newest;
}

/**
 * Why a build is needed (no build yet, sources changed, built for another SITE_URL), or
 * undefined when dist/ is current.
 */
export function buildNeeded(root: string, distDir: string, siteUrl = process.env.SITE_URL || 'http://localhost:4321'): string | undefined {
  const info = path.join(distDir, BUILD_INFO_FILE);
  if (!fs.existsSync(info) || !fs.existsSync(path.join(distDir, 'server', 'entry.mjs'))) return 'there is no build yet';
  const built = JSON.parse(fs.readFileSync(info, 'utf8')) as BuildInfo;
  const wanted = siteUrl.replace(/\/+$/, '');
  if (built.site !== undefined && built.site !== wanted) return `SITE_URL is ${wanted}, the build was made for ${built.site}`;
  const builtAt = fs.statSync(info).mtimeMs;
  const changed = SOURCES.find((source) => newestChange(path.join(root, source)) > builtAt);
  return changed ? `${changed} changed since the last build` : undefined;
}

/** Runs `astro build` with this Node; throws when it fails. */
export function runBuild(root: string): void {
  const astroCli = path.join(root, 'node_modules', 'astro', 'bin', 'astro.mjs');
  const result = spawnSync(process.execPath, [astroCli, 'build'], { cwd: root, stdio: 'inherit', env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' } });
  if (result.status !== 0) throw new Error(`astro build failed (exit ${result.status ?? result.signal})`);
}
