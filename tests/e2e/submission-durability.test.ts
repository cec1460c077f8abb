import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { spawnHub } from '../helpers/spawn-hub.ts';
import { ROOT } from '../helpers/start-test-hub.ts';
import { storyFields, submissionClient, tokenHash } from '../helpers/submission-client.ts';

/** A story acknowledged with the thank-you redirect is committed before the answer leaves. */
describe('a crash right after submissions are acknowledged (SIGKILL)', () => {
  it('keeps every story whose thank-you redirect was answered, with its photo', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-kill-submit-'));
    const contentDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-kill-content-'));
    const { server, base, exited } = await spawnHub({
      DATA_DIR: dataDir,
      CONTENT_DIR: contentDir,
      MEDIA_DIR: contentDir,
      HUB_ADMIN_PASSWORD: 'durability test password',
      SUBMISSION_MIN_SECONDS: '0',
      SUBMISSIONS_PER_DAY: '1000',
    });
    try {
      const client = submissionClient(base);
      const photo = new Blob([fs.readFileSync(path.join(ROOT, 'public/og-default.png'))], { type: 'image/png' });

      const acknowledged: string[] = [];
      let stop = false;
      let next = 0;
      const worker = async () => {
        while (!stop) {
          const n = next++;
          try {
            // Each story is sent from a freshly served form: a stamp takes one story.
            const response = await client.submit(storyFields(`kill-${n}`), { userAgent: `visitor-${n}`, photo: n % 4 === 0 ? photo : undefined });
            const location = response.headers.get('location');
            if (response.status === 303 && location) acknowledged.push(/^\/submissions\/([0-9A-Za-z]+)\//.exec(location)![1]!);
          } catch {
            return;
          }
        }
      };
      const workers = Array.from({ length: 8 }, worker);
      // Kill as soon as enough stories are acknowledged, while more are in flight.
      while (acknowledged.length < 40) await new Promise((resolve) => setTimeout(resolve, 10));
      server.kill('SIGKILL');
      stop = true;
      await Promise.all(workers);
      await exited;

      const db = new Database(path.join(dataDir, 'hub.db'), { readonly: true });
      const stored = new Set((db.prepare('select token_hash from submissions').all() as { token_hash: string }[]).map((row) => row.token_hash));
      const photos = (db.prepare('select photo from submissions where photo is not null').all() as { photo: string }[]).map((row) => row.photo);
      db.close();

      expect(acknowledged.length).toBeGreaterThanOrEqual(40);
      expect(acknowledged.filter((token) => !stored.has(tokenHash(token)))).toEqual([]);
      for (const file of photos) expect(fs.existsSync(path.join(dataDir, 'submissions', file))).toBe(true);
    } finally {
      if (server.exitCode === null) server.kill('SIGKILL');
      fs.rmSync(dataDir, { recursive: true, force: true });
      fs.rmSync(contentDir, { recursive: true, force: true });
    }
  });
});
