import autocannon from 'autocannon';
import { submissionClient } from '../helpers/submission-client.ts';
import { percentile, printTable, startProcess } from './bench-helpers.ts';
import { benchEngines, seedBenchDatabase } from './seed-bench-database.ts';

/**
 * Counting while the team watches: redirects at a fixed rate (autocannon overallRate, 20
 * connections) with 1M clicks stored, first alone, then while a signed-in client reloads the
 * overview, the biggest story's view and the advocates page in a loop, on SQLite and, when
 * DATABASE_URL / TEST_DATABASE_URL is set, PostgreSQL. Goals in that same run:
 * redirect p99 <= 20 ms and >= 0.95x the offered rate during the loop, dashboard p95 <= 200 ms.
 * BENCH_RATE (default 2000 req/s), BENCH_SECONDS (default 15), WEB_CONCURRENCY as for npm start.
 */
const RATE = Number(process.env.BENCH_RATE ?? 2000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const PASSWORD = 'bench-password-0123456789';
const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';

for (const engine of benchEngines()) {
  const bench = await seedBenchDatabase('mixed', engine);
  const { clicks: CLICKS, stories, seeded } = bench;
  const hub = await startProcess(['src/server/main.ts'], { HOST: '127.0.0.1', PORT: '0', ...bench.env, HUB_ADMIN_PASSWORD: PASSWORD });
  const base = `http://127.0.0.1:${hub.port}`;

  /** Redirects of many links (as real traffic is), at the offered rate. */
  const redirects = async () => {
    const codes = seeded.links.slice(0, 2_000).map((link) => link.code);
    let next = 0;
    const result = await autocannon({
      url: base,
      connections: 20,
      duration: SECONDS,
      overallRate: RATE,
      headers: { 'User-Agent': BROWSER },
      requests: [{ setupRequest: (request) => ({ ...request, path: `/r/${codes[next++ % codes.length]}` }) }],
    });
    return { rate: Math.round(result.requests.total / SECONDS), p50: result.latency.p50, p99: result.latency.p99, errors: result.errors + result.timeouts + result.non2xx - (result['3xx'] ?? 0) };
  };

  try {
    const { cookie } = await submissionClient(base).login(PASSWORD);
    const pages = ['/dashboard/', `/dashboard/stories/${stories[0]}/`, '/dashboard/advocates/'];
    const times = new Map<string, number[]>(pages.map((page) => [page, []]));
    let reading = false;
    const readLoop = async () => {
      while (reading) {
        for (const page of pages) {
          const started = performance.now();
          const response = await fetch(`${base}${page}`, { headers: { Cookie: cookie } });
          await response.arrayBuffer();
          if (response.status !== 200) throw new Error(`${page}: ${response.status}`);
          if (reading) times.get(page)!.push(performance.now() - started);
        }
      }
    };

    // Warm-up: every link the run clicks has been clicked before (its cache entry, its first wins).
    await redirects();
    const alone = await redirects();
    reading = true;
    const loop = readLoop();
    const watched = await redirects();
    reading = false;
    await loop;

    const verdict = (ok: boolean) => (ok ? 'yes' : 'NO');
    printTable(
      [`${engine}: ${CLICKS} clicks stored, ${RATE} req/s offered for ${SECONDS} s`, 'req/s', 'vs offered', 'p50 ms', 'p99 ms', 'errors', 'p99 <= 20 ms and >= 0.95x'],
      [
        ['redirects alone (baseline)', alone.rate, (alone.rate / RATE).toFixed(2), alone.p50, alone.p99, alone.errors, verdict(alone.p99 <= 20 && alone.rate >= 0.95 * RATE)],
        ['redirects while the dashboard is read in a loop', watched.rate, (watched.rate / RATE).toFixed(2), watched.p50, watched.p99, watched.errors, verdict(watched.p99 <= 20 && watched.rate >= 0.95 * RATE)],
      ],
    );
    console.log('');
    printTable(
      [`${engine}: dashboard page, during the redirects`, 'loads', 'p50 ms', 'p95 ms', 'p95 <= 200 ms'],
      pages.map((page) => {
        const list = times.get(page)!;
        return [page, list.length, percentile(list, 50).toFixed(1), percentile(list, 95).toFixed(1), verdict(percentile(list, 95) <= 200)];
      }),
    );
    console.log('');
  } finally {
    hub.child.kill('SIGTERM');
    await new Promise((resolve) => hub.child.once('exit', resolve));
    await bench.drop();
  }
}
