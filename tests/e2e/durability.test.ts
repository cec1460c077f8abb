import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { spawnHub } from '../helpers/spawn-hub.ts';
import { readContent } from '../helpers/read-content.ts';

const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';
const slug = readContent().stories.find((story) => !story.draft)!.slug;

/** Group commit answers the 302 only after the click is committed: a crash loses no acknowledged click. */
describe('a crash under load (SIGKILL)', () => {
  it('loses none of the clicks whose redirect was answered', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-kill-'));
    const { server, base, exited } = await spawnHub({ DATA_DIR: dataDir });
    try {
      const shared = await fetch(`${base}/api/share`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ story: slug, channel: 'x' }),
      });
      const { code } = await shared.json();

      let acknowledged = 0;
      let killed = false;
      const worker = async () => {
        while (!killed) {
          try {
            const response = await fetch(`${base}/r/${code}`, { redirect: 'manual', headers: { 'User-Agent': BROWSER } });
            if (response.status === 302) acknowledged += 1;
          } catch {
            return;
          }
        }
      };
      const workers = Array.from({ length: 32 }, worker);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      killed = true;
      server.kill('SIGKILL');
      await Promise.all(workers);
      await exited;

      const db = new Database(path.join(dataDir, 'hub.db'), { readonly: true });
      const stored = (db.prepare('select count(*) as n from clicks where code = ?').get(code) as { n: number }).n;
      const rolledUp = (db.prepare('select sum(clicks) as n from link_daily where code = ?').get(code) as { n: number }).n;
      db.close();

      expect(acknowledged).toBeGreaterThan(100);
      expect(stored).toBeGreaterThanOrEqual(acknowledged);
      expect(rolledUp).toBe(stored);
    } finally {
      if (server.exitCode === null) server.kill('SIGKILL');
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
