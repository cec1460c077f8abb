import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';

/** Where the build id lives, relative to the build's root folder (dist/). */
export const BUILD_INFO_FILE = 'build-info.json';

/** `site`: the SITE_URL the pages were built for (canonical URLs, feeds, cards). */
export type BuildInfo = { id: string; builtAt: string; site?: string };

async function listFiles(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

/**
 * Writes dist/build-info.json after `astro build`: the build id is a hash of every client file,
 * so two builds of the same content share an id and any change gives a new one.
 */
export function buildInfo(): AstroIntegration {
  let outDir = '';
  let site = '';
  return {
    name: 'hub-build-info',
    hooks: {
      'astro:config:done': ({ config }) => {
        outDir = fileURLToPath(config.outDir);
        site = String(config.site ?? '').replace(/\/+$/, '');
      },
      'astro:build:done': async ({ dir, logger }) => {
        const clientDir = fileURLToPath(dir);
        const hash = createHash('sha256');
        for (const file of await listFiles(clientDir)) {
          hash.update(path.relative(clientDir, file));
          hash.update(await fs.readFile(file));
        }
        const info: BuildInfo = { id: hash.digest('hex').slice(0, 12), builtAt: new Date().toISOString(), site };
        await fs.writeFile(path.join(outDir, BUILD_INFO_FILE), `${JSON.stringify(info)}\n`);
        logger.info(`build ${info.id}`);
      },
    },
  };
}
