import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/start-test-hub.ts';

/** Runs `npm start`'s entry with an environment and returns what a person would see. */
function start(env: Record<string, string>) {
  const result = spawnSync(process.execPath, ['--disable-warning=ExperimentalWarning', 'src/server/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('start-up with a wrong configuration', () => {
  it.each([
    [{ PORT: 'eighty' }, 'PORT="eighty": must be a number'],
    [{ SITE_URL: 'stories.example.com' }, 'SITE_URL="stories.example.com": must be an absolute http(s) URL'],
    [{ DATABASE_URL: 'mysql://root@localhost/hub' }, 'DATABASE_URL="mysql://root@localhost/hub": must start with postgres://'],
  ])('stops with exit code 1 and says what to fix (%o)', (env, message) => {
    const { status, output } = start(env);
    expect(status).toBe(1);
    expect(output).toContain('Invalid configuration, fix these environment variables:');
    expect(output).toContain(message);
  });

  it('stops with a clear message when the database cannot be reached', () => {
    const { status, output } = start({ DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none', PORT: '0' });
    expect(status).toBe(1);
    expect(output).toMatch(/The hub could not start: Could not prepare the database \(postgres:127\.0\.0\.1:1\/none\)/);
  });

  it('stops with a clear message when the port is taken', async () => {
    const net = await import('node:net');
    const blocker = net.createServer().listen(0, '127.0.0.1');
    await new Promise((resolve) => blocker.once('listening', resolve));
    const { port } = blocker.address() as import('node:net').AddressInfo;
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-start-'));
    try {
      const { status, output } = start({ HOST: '127.0.0.1', PORT: String(port), DATA_DIR: dataDir });
      expect(status).toBe(1);
      expect(output).toContain('EADDRINUSE');
    } finally {
      blocker.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
