import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/lib/config/load-config.ts';
import { startHub, type RunningHub } from '../../src/server/start-hub.ts';

export const ROOT = path.resolve(import.meta.dirname, '../..');

/** Starts the built hub on a free port with its own SQLite file in a temp folder. */
export async function startTestHub(env: Record<string, string> = {}): Promise<RunningHub & { dataDir: string }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-test-'));
  const config = loadConfig({ HOST: '127.0.0.1', PORT: '0', DATA_DIR: dataDir, ...env }, ROOT);
  const hub = await startHub(config, path.join(ROOT, 'dist'));
  return {
    ...hub,
    dataDir,
    async close() {
      await hub.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
