import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildNeeded, runBuild } from '../../src/server/ensure-build.ts';
import { load, loadWithCpu, printTable, ROOT, startProcess } from './bench-helpers.ts';

/**
 * POST /api/event (a view, sent as sendBeacon sends it) with the event committed before the 202
 * (group commit, SQLite synchronous=FULL), against a bare node:http server that reads the body
 * and answers the same 202, in one run, 50 connections. Goals: server CPU per event <= 2x the
 * bare server's, p99 <= 20 ms.
 */
const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';
const TOKEN = 'events-bench-token-0123456789';
const seconds = Number(process.env.BENCH_SECONDS ?? 8);

if (buildNeeded(ROOT, path.join(ROOT, 'dist'))) runBuild(ROOT);
const story = JSON.parse(fs.readFileSync(path.join(ROOT, 'dist/client/api/stories.json'), 'utf8')).stories[0].slug;

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-bench-'));
const bare = await startProcess(['tests/bench/bare-event-server.ts']);
const hub = await startProcess(['src/server/main.ts'], { HOST: '127.0.0.1', PORT: '0', DATA_DIR: dataDir, HUB_ADMIN_TOKEN: TOKEN });
try {
  const page = `http://127.0.0.1:${hub.port}/stories/${story}/`;
  const body = JSON.stringify({ name: 'view', url: page, referrer: 'https://www.google.com/' });
  const options = { method: 'POST' as const, body, headers: { 'User-Agent': BROWSER, 'Content-Type': 'text/plain;charset=UTF-8' } };

  await load(`http://127.0.0.1:${bare.port}/api/event`, { ...options, seconds: 2 });
  const warmUp = await load(`http://127.0.0.1:${hub.port}/api/event`, { ...options, seconds: 2 });
  const baseline = await loadWithCpu(bare.child.pid!, `http://127.0.0.1:${bare.port}/api/event`, { ...options, seconds });
  const events = await loadWithCpu(hub.child.pid!, `http://127.0.0.1:${hub.port}/api/event`, { ...options, seconds });

  const stats = await fetch(`http://127.0.0.1:${hub.port}/api/stats/stories/${story}`, { headers: { Authorization: `Bearer ${TOKEN}` } }).then((r) => r.json());
  const cpuRatio = events.cpuMicrosPerRequest / baseline.cpuMicrosPerRequest;
  printTable(
    ['server (50 connections, ' + seconds + ' s)', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'server CPU µs/event', 'req/s vs bare', 'CPU vs bare (goal <= 2x)', 'p99 goal <= 20 ms'],
    [
      ['bare node:http 202 (baseline)', baseline.requestsPerSecond, baseline.p50, baseline.p99, baseline.errors, baseline.cpuMicrosPerRequest, '1.00', '1.00', ''],
      [
        'hub POST /api/event, committed',
        events.requestsPerSecond,
        events.p50,
        events.p99,
        events.errors,
        events.cpuMicrosPerRequest,
        (events.requestsPerSecond / baseline.requestsPerSecond).toFixed(2),
        `${cpuRatio.toFixed(2)}x ${cpuRatio <= 2 ? 'met' : 'not met'}`,
        events.p99 <= 20 ? 'met' : 'not met',
      ],
    ],
  );
  console.log(`\nviews stored for the page: ${stats.views}; 202s answered: ${warmUp.answered2xx + events.answered2xx} (warm-up and run); sources: ${JSON.stringify(stats.sources)}`);
} finally {
  bare.child.kill('SIGKILL');
  hub.child.kill('SIGTERM');
  await new Promise((resolve) => hub.child.once('exit', resolve));
  fs.rmSync(dataDir, { recursive: true, force: true });
}
