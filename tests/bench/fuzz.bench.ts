import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import type { RouteSpec } from '../../src/server/http/route-spec.ts';
import { routeTable } from '../../src/server/route-table.ts';
import { fuzzRequests, problemWith, sendFuzzed } from '../helpers/fuzz-requests.ts';
import { printTable, startProcess } from './bench-helpers.ts';

/**
 * `npm run bench -- fuzz`: 10,000 fuzzed requests per route of the route table (FUZZ_REQUESTS
 * to change it) against `npm start`'s supervised hub, 16 in flight, seeded (FUZZ_SEED). Prints
 * the answers of each route by status class, the problems found (5xx, over 5 s, API errors not
 * in the JSON shape) and the rate; exits 1 when there is any problem.
 */
const PER_ROUTE = Number(process.env.FUZZ_REQUESTS ?? 10_000);
const SEED = Number(process.env.FUZZ_SEED ?? 15);
const IN_FLIGHT = 16;
const TOKEN = 'fuzz-bench-admin-token-0123456789';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-fuzz-bench-'));
const hub = await startProcess(['src/server/main.ts'], {
  HOST: '127.0.0.1',
  PORT: '0',
  DATA_DIR: dataDir,
  CONTENT_DIR: path.join(dataDir, 'content'),
  MEDIA_DIR: path.join(dataDir, 'media'),
  HUB_ADMIN_TOKEN: TOKEN,
  HUB_ADMIN_PASSWORD: 'fuzz bench password 42',
});
const base = new URL(`http://127.0.0.1:${hub.port}`);

const rows: (string | number)[][] = [];
const problems: string[] = [];
let total = 0;
const started = performance.now();
for (const route of routeTable as readonly RouteSpec[]) {
  const requests = fc.sample(fuzzRequests(route, TOKEN), { numRuns: PER_ROUTE, seed: SEED });
  const classes = { '2xx': 0, '3xx': 0, '4xx': 0, '5xx': 0, none: 0 };
  let found = 0;
  let next = 0;
  const routeStarted = performance.now();
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < requests.length) {
        const request = requests[next++]!;
        const answer = await sendFuzzed(base, request);
        const status = answer.status;
        if (status <= 0) classes.none += 1;
        else classes[`${Math.floor(status / 100)}xx` as keyof typeof classes] += 1;
        const problem = problemWith(route, request, answer);
        if (problem) {
          found += 1;
          if (problems.length < 20) problems.push(`${route.path}: ${request.method} ${request.path}: ${problem}`);
        }
      }
    }),
  );
  total += requests.length;
  const seconds = (performance.now() - routeStarted) / 1000;
  rows.push([`${route.methods.join(',')} ${route.path}`, requests.length, classes['2xx'], classes['3xx'], classes['4xx'], classes['5xx'], classes.none, found, Math.round(requests.length / seconds)]);
}
hub.child.kill('SIGTERM');
fs.rmSync(dataDir, { recursive: true, force: true });

printTable(['route', 'requests', '2xx', '3xx', '4xx', '5xx', 'no answer', 'problems', 'req/s'], rows);
const sum = (column: number) => rows.reduce((acc, row) => acc + Number(row[column]), 0);
console.log(`\n${total} requests in ${Math.round((performance.now() - started) / 1000)} s (seed ${SEED}): 5xx ${sum(5)}, no answer ${sum(6)}, problems ${sum(7)}`);
for (const problem of problems) console.log(`- ${problem}`);
process.exit(sum(7) > 0 ? 1 : 0);
