import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { hubProcesses } from '../helpers/hub-processes.ts';
import { spawnHub } from '../helpers/spawn-hub.ts';
import { readContent } from '../helpers/read-content.ts';

const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';
const slug = readContent().stories.find((story) => !story.draft)!.slug;

/**
 * 32 clients send `request` over and over; after 1.5 s the hub is killed (SIGKILL). Answers the
 * requests acknowledged (`request` says whether its answer was the success one) before it died.
 */
async function loadThenKill(hub: { server: { kill(signal: NodeJS.Signals): boolean }; exited: Promise<unknown> }, request: () => Promise<boolean>): Promise<number> {
  let acknowledged = 0;
  let killed = false;
  const worker = async () => {
    while (!killed) {
      try {
        if (await request()) acknowledged += 1;
      } catch {
        return;
      }
    }
  };
  const workers = Array.from({ length: 32 }, worker);
  await new Promise((resolve) => setTimeout(resolve, 1500));
  killed = true;
  hub.server.kill('SIGKILL');
  await Promise.all(workers);
  await hub.exited;
  return acknowledged;
}

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

      const acknowledged = await loadThenKill({ server, exited }, async () => (await fetch(`${base}/r/${code}`, { redirect: 'manual', headers: { 'User-Agent': BROWSER } })).status === 302);

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

/** The beacon's 202 comes after the commit too (the same group commit): a crash loses no acknowledged view. */
describe('a crash under beacon load (SIGKILL)', () => {
  it('loses none of the page views whose 202 was answered', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-kill-events-'));
    const { server, base, exited } = await spawnHub({ DATA_DIR: dataDir });
    try {
      const page = `/stories/${slug}/`;
      const body = JSON.stringify({ name: 'view', url: `${base}${page}`, referrer: '' });
      const acknowledged = await loadThenKill({ server, exited }, async () => (await fetch(`${base}/api/event`, { method: 'POST', headers: { 'Content-Type': 'text/plain', 'User-Agent': BROWSER }, body })).status === 202);

      const db = new Database(path.join(dataDir, 'hub.db'), { readonly: true });
      const views = (db.prepare('select sum(views) as n from page_daily where page = ?').get(page) as { n: number | null }).n ?? 0;
      const fromSources = (db.prepare('select sum(views) as n from source_daily where page = ?').get(page) as { n: number | null }).n ?? 0;
      db.close();

      expect(acknowledged).toBeGreaterThan(100);
      expect(views).toBeGreaterThanOrEqual(acknowledged);
      expect(fromSources).toBe(views);
    } finally {
      if (server.exitCode === null) server.kill('SIGKILL');
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

/**
 * The supervisor keeps the hub serving: a counting process killed under load is logged and
 * started again, the others keep answering meanwhile, and no acknowledged click is lost.
 */
describe.each([1, 2])('a counting process killed under load (SIGKILL), WEB_CONCURRENCY=%i', (processes) => {
  it('loses no acknowledged click, and the supervisor starts another', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-kill-one-'));
    const { server, base } = await spawnHub({ DATA_DIR: dataDir, WEB_CONCURRENCY: String(processes) });
    let log = '';
    server.stderr!.on('data', (chunk) => (log += chunk));
    try {
      const { code } = await (await fetch(`${base}/api/share`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ story: slug, channel: 'x' }) })).json();
      const counting = hubProcesses(server.pid!).filter((child) => child.role === 'counting');
      expect(counting).toHaveLength(processes);

      let acknowledged = 0;
      let afterKill = 0;
      let killed = false;
      let done = false;
      const worker = async () => {
        while (!done) {
          try {
            const response = await fetch(`${base}/r/${code}`, { redirect: 'manual', headers: { 'User-Agent': BROWSER } });
            if (response.status === 302) {
              acknowledged += 1;
              if (killed) afterKill += 1;
            }
          } catch {
            // Connections to the killed process fail; the next request goes to a live one.
          }
        }
      };
      const workers = Array.from({ length: 16 }, worker);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      process.kill(counting[0]!.pid, 'SIGKILL');
      killed = true;
      // Until the supervisor has started another counting process (about 2 s on a quiet machine), and a little after.
      const replaced = () => hubProcesses(server.pid!).filter((child) => child.role === 'counting' && child.pid !== counting[0]!.pid).length === processes;
      for (let waited = 0; !replaced() && waited < 30_000; waited += 100) await new Promise((resolve) => setTimeout(resolve, 100));
      // Then until the new process answers (it loads the build first: several seconds on a busy machine), and a little after.
      for (let waited = 0; afterKill === 0 && waited < 30_000; waited += 100) await new Promise((resolve) => setTimeout(resolve, 100));
      await new Promise((resolve) => setTimeout(resolve, 1000));
      done = true;
      await Promise.all(workers);

      const db = new Database(path.join(dataDir, 'hub.db'), { readonly: true });
      const stored = (db.prepare('select count(*) as n from clicks where code = ?').get(code) as { n: number }).n;
      const rolledUp = (db.prepare('select sum(clicks) as n from link_daily where code = ?').get(code) as { n: number }).n;
      db.close();
      expect(acknowledged).toBeGreaterThan(100);
      expect(stored).toBeGreaterThanOrEqual(acknowledged);
      expect(rolledUp).toBe(stored);
      expect(afterKill).toBeGreaterThan(0);
      expect(log).toContain(`counting process 1 (pid ${counting[0]!.pid}) stopped (SIGKILL)`);
      expect(replaced()).toBe(true);
    } finally {
      server.kill('SIGTERM');
      await new Promise((resolve) => server.once('exit', resolve));
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
