import { spawn, type ChildProcess } from 'node:child_process';
import { freePort } from './free-port.ts';
import { ROOT } from './start-test-hub.ts';

/**
 * Starts `npm start`'s entry in its own process (so a test can SIGKILL it) on a free port and
 * resolves once /healthz answers. `exited` settles when the process is gone.
 */
export async function spawnHub(env: Record<string, string>): Promise<{ server: ChildProcess; base: string; exited: Promise<unknown> }> {
  const port = await freePort();
  const server = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', 'src/server/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise((resolve) => server.once('exit', resolve));
  const base = `http://127.0.0.1:${port}`;
  for (let ready = false; !ready; ) {
    if (server.exitCode !== null) throw new Error(`the hub exited with ${server.exitCode} before answering`);
    ready = await fetch(`${base}/healthz`).then((response) => response.ok, () => false);
    if (!ready) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { server, base, exited };
}
