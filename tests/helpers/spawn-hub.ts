import { spawn, type ChildProcess } from 'node:child_process';
import { freePort } from './free-port.ts';
import { hubProcesses } from './hub-processes.ts';
import { ROOT } from './start-test-hub.ts';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * Starts `npm start`'s entry in its own process (so a test can SIGKILL it) on a free port and
 * resolves once /healthz answers. `exited` settles when the supervisor and every process it
 * started are gone (killed with SIGKILL, the supervisor leaves its processes to finish what they
 * were answering and stop).
 */
export async function spawnHub(env: Record<string, string>): Promise<{ server: ChildProcess; base: string; exited: Promise<unknown> }> {
  const port = await freePort();
  const server = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', 'src/server/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const supervisorExited = new Promise((resolve) => server.once('exit', resolve));
  const base = `http://127.0.0.1:${port}`;
  for (let ready = false; !ready; ) {
    if (server.exitCode !== null) throw new Error(`the hub exited with ${server.exitCode} before answering`);
    ready = await fetch(`${base}/healthz`).then((response) => response.ok, () => false);
    if (!ready) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const children = hubProcesses(server.pid!).map((child) => child.pid);
  const exited = supervisorExited.then(async (code) => {
    while (children.some(alive)) await new Promise((resolve) => setTimeout(resolve, 50));
    return code;
  });
  return { server, base, exited };
}
