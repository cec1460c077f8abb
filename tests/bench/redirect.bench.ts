import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildNeeded, runBuild } from '../../src/server/ensure-build.ts';
import { load, loadWithCpu, printTable, ROOT, startProcess } from './bench-helpers.ts';

/**
 * GET /r/<code> with the click committed before the 302 (group commit, SQLite synchronous=FULL),
 * against a bare node:http server answering the same 302, in one run. Goal: >= 0.8x its req/s,
 * p99 <= 20 ms at 50 connections.
 */
const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';
const seconds = Number(process.env.BENCH_SECONDS ?? 8);

if (buildNeeded(ROOT, path.join(ROOT, 'dist'))) runBuild(ROOT);
const story = JSON.parse(fs.readFileSync(path.join(ROOT, 'dist/client/api/stories.json'), 'utf8')).stories[0].slug;

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-bench-'));
const bare = await startProcess(['tests/bench/bare-redirect-server.ts']);
const hub = await startProcess(['src/server/main.ts'], { HOST: '127.0.0.1', PORT: '0', DATA_DIR: dataDir });
try {
  const shared = await fetch(`http://127.0.0.1:${hub.port}/api/share`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ story, channel: 'x' }),
  });
  const { code } = await shared.json();
  const headers = { 'User-Agent': BROWSER };

  await load(`http://127.0.0.1:${bare.port}/r/${code}`, { seconds: 2, headers });
  await load(`http://127.0.0.1:${hub.port}/r/${code}`, { seconds: 2, headers });
  const baseline = await loadWithCpu(bare.child.pid!, `http://127.0.0.1:${bare.port}/r/${code}`, { seconds, headers });
  const redirect = await loadWithCpu(hub.child.pid!, `http://127.0.0.1:${hub.port}/r/${code}`, { seconds, headers });

  const stats = await fetch(`http://127.0.0.1:${hub.port}/api/public/stories/${story}`).then((r) => r.json());
  printTable(
    ['server (50 connections, ' + seconds + ' s)', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'server CPU µs/request', 'ratio vs bare'],
    [
      ['bare node:http 302 (baseline)', baseline.requestsPerSecond, baseline.p50, baseline.p99, baseline.errors, baseline.cpuMicrosPerRequest, '1.00'],
      ['hub /r/<code>, click committed', redirect.requestsPerSecond, redirect.p50, redirect.p99, redirect.errors, redirect.cpuMicrosPerRequest, (redirect.requestsPerSecond / baseline.requestsPerSecond).toFixed(2)],
    ],
  );
  console.log(`\nclicks stored for the link: ${stats.clicks} (every acknowledged 302 of the warm-up and the run)`);
} finally {
  bare.child.kill('SIGKILL');
  hub.child.kill('SIGTERM');
  await new Promise((resolve) => hub.child.once('exit', resolve));
  fs.rmSync(dataDir, { recursive: true, force: true });
}
