import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import autocannon from 'autocannon';

export const ROOT = path.resolve(import.meta.dirname, '../..');

/** Starts a Node process that prints "listening <port>" and resolves with the port. */
export function startProcess(args: string[], env: Record<string, string> = {}): Promise<{ child: ChildProcess; port: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout!.on('data', (chunk) => {
      output += chunk;
      const match = /listening (?:on )?(?:http:\/\/127\.0\.0\.1:)?(\d+)/i.exec(output);
      if (match) resolve({ child, port: Number(match[1]) });
    });
    child.once('exit', (code) => reject(new Error(`process exited early (${code}): ${output}`)));
  });
}

export type Load = { requestsPerSecond: number; p50: number; p99: number; errors: number; non3xx: number; answered2xx: number };

/** A bounded autocannon run against 127.0.0.1 only (GET unless `method` and `body` say otherwise). */
export async function load(
  url: string,
  options: { connections?: number; seconds?: number; headers?: Record<string, string>; method?: 'GET' | 'POST'; body?: string } = {},
): Promise<Load> {
  const result = await autocannon({
    url,
    connections: options.connections ?? 50,
    duration: options.seconds ?? 8,
    headers: options.headers,
    ...(options.method ? { method: options.method } : {}),
    ...(options.body !== undefined ? { body: options.body } : {}),
  });
  return {
    requestsPerSecond: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non3xx: result.non2xx - (result['3xx'] ?? 0),
    answered2xx: result['2xx'] ?? 0,
  };
}

/** Prints rows as a Markdown table. */
export function printTable(headers: string[], rows: (string | number)[][]): void {
  const line = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
  console.log(line(headers));
  console.log(line(headers.map(() => '---')));
  for (const row of rows) console.log(line(row));
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Fields of /proc/<pid>/stat after the command name (Linux), or undefined for a process that is gone. */
function statOf(pid: number | string): string[] | undefined {
  try {
    return fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  } catch {
    return undefined;
  }
}

/**
 * CPU seconds (user + system, all threads) a process and the processes it started have used so
 * far, from /proc (Linux): `npm start` is a supervisor with its app and counting processes.
 */
export function cpuSeconds(pid: number): number {
  const own = statOf(pid);
  let total = own ? (Number(own[11]) + Number(own[12])) / 100 : 0;
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = statOf(entry);
    if (stat && Number(stat[1]) === pid) total += cpuSeconds(Number(entry));
  }
  return total;
}

/** Runs `load` and reports the server process's CPU microseconds per answered request beside it. */
export async function loadWithCpu(pid: number, url: string, options: Parameters<typeof load>[1] = {}): Promise<Load & { cpuMicrosPerRequest: number }> {
  const before = cpuSeconds(pid);
  const result = await load(url, options);
  const requests = result.requestsPerSecond * (options.seconds ?? 8);
  return { ...result, cpuMicrosPerRequest: Math.round(((cpuSeconds(pid) - before) * 1e6) / requests) };
}
