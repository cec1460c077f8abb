import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, startTestHub } from '../helpers/start-test-hub.ts';

const run = promisify(execFile);
const TOKEN = 'simulate-test-token-0123456789';

describe('npm run simulate', () => {
  let hub: Awaited<ReturnType<typeof startTestHub>>;
  beforeAll(async () => {
    // TRUST_PROXY: each simulated person sends their own address, as visitors behind a proxy do.
    hub = await startTestHub({ HUB_ADMIN_TOKEN: TOKEN, TRUST_PROXY: 'true' });
  });
  afterAll(() => hub?.close());

  const simulate = (args: string[], env: Record<string, string> = { HUB_ADMIN_TOKEN: TOKEN }) =>
    run(process.execPath, ['--disable-warning=ExperimentalWarning', 'src/tools/simulate.ts', ...args], { cwd: ROOT, env: { ...process.env, ...env } });

  it('drives the real endpoints and the hub reports exactly the ground truth', async () => {
    const { stdout } = await simulate(['--links', '60', '--seed', '5', '--url', hub.url]);
    expect(stdout).toContain('All numbers match.');
    expect(stdout).toMatch(/\| shares \| 60 \| 60 \| match \|/);
    expect(stdout).not.toContain('DIFFERENT');
    // A second run on the same hub compares only what it added.
    const again = await simulate(['--links', '20', '--seed', '6', '--url', hub.url]);
    expect(again.stdout).toContain('All numbers match.');
  });

  it('says what is wrong with bad arguments or a missing token', async () => {
    await expect(simulate(['--links', 'many', '--url', hub.url])).rejects.toMatchObject({ code: 2, stderr: expect.stringMatching(/links/) });
    await expect(simulate(['--url', hub.url], { HUB_ADMIN_TOKEN: '' })).rejects.toMatchObject({ code: 2, stderr: expect.stringMatching(/HUB_ADMIN_TOKEN/) });
    await expect(simulate(['--url', 'http://127.0.0.1:9'])).rejects.toMatchObject({ code: 2, stderr: expect.stringMatching(/Cannot reach the hub/) });
  });
});
