import path from 'node:path';
import { ConfigError, loadConfig } from '../lib/config/load-config.ts';
import { buildNeeded, runBuild } from './ensure-build.ts';
import { startHub } from './start-hub.ts';

/** `npm start`: validate config, build when needed, start the hub, stop cleanly on signals. */
async function main() {
  const config = loadConfig();
  const root = process.cwd();
  const distDir = path.join(root, 'dist');
  const reason = buildNeeded(root, distDir, config.siteUrl);
  if (reason) {
    console.log(`Building the site (${reason})...`);
    runBuild(root);
  }
  const hub = await startHub(config, distDir);
  console.log(`Hub listening on ${hub.url} (data: ${config.databaseUrl ? 'PostgreSQL' : config.dataDir})`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal} received, closing...`);
    hub.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
  } else {
    console.error(`The hub could not start: ${(error as Error).message ?? error}`);
  }
  process.exit(1);
});
