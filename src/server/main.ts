import path from 'node:path';
import { ConfigError, loadConfig } from '../lib/config/load-config.ts';
import type { HubConfig } from '../lib/config/schema.ts';
import { buildNeeded, runBuild } from './ensure-build.ts';
import { runHubProcess } from './run-hub-process.ts';
import { superviseHub } from './supervise-hub.ts';

/** `npm start`: validate config, build when needed, then supervise the hub's processes until a signal stops them. */
async function supervise(config: HubConfig) {
  const root = process.cwd();
  const distDir = path.join(root, 'dist');
  const reason = buildNeeded(root, distDir, config.siteUrl);
  if (reason) {
    console.log(`Building the site (${reason})...`);
    runBuild(root);
  }
  const hub = await superviseHub(config, distDir);
  const processes = `${config.webConcurrency} counting process${config.webConcurrency === 1 ? '' : 'es'} and an app process`;
  console.log(`Hub listening on ${hub.url} (data: ${config.databaseUrl ? 'PostgreSQL' : config.dataDir}; ${processes})`);

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

/** The supervisor starts this same file as each of its processes, with HUB_ROLE set. */
async function main() {
  const config = loadConfig();
  const role = process.env.HUB_ROLE;
  if (role === 'counting' || role === 'app') {
    await runHubProcess(config, process.env.HUB_DIST_DIR!, { kind: role, appSocket: process.env.HUB_APP_SOCKET! });
    return;
  }
  await supervise(config);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
  } else {
    console.error(`The hub could not start: ${(error as Error).message ?? error}`);
  }
  process.exit(1);
});
