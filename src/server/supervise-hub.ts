import { fork, type ChildProcess } from 'node:child_process';
import cluster, { type Worker } from 'node:cluster';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { HubConfig } from '../lib/config/schema.ts';
import { createDb } from '../lib/db/create-db.ts';
import { migrateToLatest } from '../lib/db/migrate-to-latest.ts';
import type { HubMessage } from './run-hub-process.ts';

/** A process the supervisor keeps running: its role, how to start another, and how it is doing. */
type Slot = {
  name: string;
  spawn(): ChildProcess;
  child: ChildProcess | undefined;
  /** Failures in a row without a minute of running in between: the restart waits longer each time. */
  crashes: number;
  startedAt: number;
};

const STOP_TIMEOUT_MS = 10_000;

/** Migrates once, before any process opens the database (they would otherwise migrate side by side). */
async function migrate(config: HubConfig) {
  const db = createDb({ databaseUrl: config.databaseUrl, sqliteFile: path.join(config.dataDir, 'hub.db') });
  try {
    await migrateToLatest(db.db);
  } catch (error) {
    throw new Error(`Could not prepare the database (${db.label}): ${(error as Error).message}`, { cause: error });
  } finally {
    await db.close();
  }
}

const readyOf = (child: ChildProcess) =>
  new Promise<string>((resolve, reject) => {
    const onMessage = (message: HubMessage) => {
      if (message.type !== 'ready') return;
      child.off('exit', onExit);
      child.off('message', onMessage);
      resolve(message.url);
    };
    const onExit = (code: number | null, signal: string | null) => reject(new Error(`a hub process stopped while starting (${signal ?? `exit ${code}`})`));
    child.on('message', onMessage);
    child.once('exit', onExit);
  });

/**
 * `npm start`: the supervisor. It starts the app process (dashboard, stats, forms: everything
 * that may read for a while, on a private Unix socket) and WEB_CONCURRENCY counting processes
 * (node:cluster, one shared port: redirects, beacons, cards and the built site, forwarding the
 * rest to the app process), so no read ever holds up a redirect. A process that stops is logged
 * and started again (waiting longer after repeated failures) while the others keep serving;
 * withdrawals are passed to every process at once; `close` stops them all.
 */
export async function superviseHub(config: HubConfig, distDir: string): Promise<{ url: string; close(): Promise<void> }> {
  await migrate(config);
  const socketDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tellwell-hub-'));
  fs.chmodSync(socketDir, 0o700);
  const appSocket = path.join(socketDir, 'app.sock');
  const script = process.argv[1]!;
  const env = (role: string) => ({ ...process.env, HUB_ROLE: role, HUB_APP_SOCKET: appSocket, HUB_DIST_DIR: distDir });
  cluster.setupPrimary({ exec: script, execArgv: process.execArgv, silent: false });

  let stopping = false;
  const slots: Slot[] = [
    { name: 'app process', spawn: () => fork(script, [], { env: env('app'), execArgv: process.execArgv }), child: undefined, crashes: 0, startedAt: 0 },
    ...Array.from({ length: config.webConcurrency }, (_, index): Slot => ({
      name: `counting process ${index + 1}`,
      spawn: () => (cluster.fork(env('counting')) as Worker).process,
      child: undefined,
      crashes: 0,
      startedAt: 0,
    })),
  ];

  /** Withdrawals go to every other process; touches to the app process, which checks milestones. */
  const relay = (from: ChildProcess, message: HubMessage) => {
    const to = message.type === 'withdrawn' ? slots : message.type === 'touches' ? slots.slice(0, 1) : [];
    for (const slot of to) if (slot.child && slot.child !== from && slot.child.connected) slot.child.send(message);
  };

  function start(slot: Slot): ChildProcess {
    const child = slot.spawn();
    slot.child = child;
    slot.startedAt = Date.now();
    // A process that never got ready failed to start: that is the start-up's error, not a crash.
    let ready = false;
    child.on('message', (message: HubMessage) => {
      if (message.type === 'ready') ready = true;
      relay(child, message);
    });
    child.once('exit', (code, signal) => {
      if (stopping || slot.child !== child || !ready) return;
      slot.crashes = Date.now() - slot.startedAt > 60_000 ? 1 : slot.crashes + 1;
      const wait = Math.min(30_000, 500 * 2 ** (slot.crashes - 1));
      console.error(`The hub's ${slot.name} (pid ${child.pid}) stopped (${signal ?? `exit code ${code}`}); starting another in ${wait} ms.`);
      setTimeout(() => {
        if (!stopping) readyOf(start(slot)).catch((error: unknown) => console.error(`The hub's ${slot.name} did not start: ${(error as Error).message}`));
      }, wait).unref();
    });
    return child;
  }

  async function close() {
    stopping = true;
    const running = slots.flatMap((slot) => (slot.child && slot.child.exitCode === null && slot.child.signalCode === null ? [slot.child] : []));
    await Promise.all(
      running.map(
        (child) =>
          new Promise<void>((resolve) => {
            const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
            child.once('exit', () => {
              clearTimeout(timer);
              resolve();
            });
            child.kill('SIGTERM');
          }),
      ),
    );
    fs.rmSync(socketDir, { recursive: true, force: true });
  }

  try {
    await readyOf(start(slots[0]!));
    const urls = await Promise.all(slots.slice(1).map((slot) => readyOf(start(slot))));
    return { url: urls[0]!, close };
  } catch (error) {
    await close();
    throw error;
  }
}
