import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { Agent, request } from 'undici';
import { createDb } from '../../src/lib/db/create-db.ts';
import { migrateToLatest } from '../../src/lib/db/migrate-to-latest.ts';
import { createWebhookEndpoints } from '../../src/lib/integrations/create-webhook-endpoints.ts';
import { createWebhookSender } from '../../src/lib/integrations/create-webhook-sender.ts';
import { createWebhookWorker } from '../../src/lib/integrations/create-webhook-worker.ts';
import { newEventId } from '../../src/lib/integrations/enqueue-event.ts';
import { printTable } from './bench-helpers.ts';

/**
 * A burst of 10,000 events (written to the outbox in one go, as a busy hour of shares would)
 * drained through the delivery worker against a local receiver, on SQLite and (when
 * BENCH_DATABASE_URL or TEST_DATABASE_URL is set) PostgreSQL; the baseline is the same number of
 * bare POSTs at the same concurrency, with no database, signing or log.
 */
const EVENTS = 10_000;
const CONCURRENCY = 32;

const receiver = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => res.writeHead(200, { 'content-type': 'text/plain' }).end('ok'));
});
await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
let received = 0;
receiver.on('request', () => received++);

async function bare(): Promise<number> {
  const agent = new Agent({ connections: 64 });
  const body = JSON.stringify({ id: newEventId(), type: 'share.created', createdAt: new Date().toISOString(), data: { code: 'abcdefghij', story: 'a-story', channel: 'x', generation: 1, parent: null } });
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next++ < EVENTS) {
        const response = await request(url, { method: 'POST', dispatcher: agent, body, headers: { 'content-type': 'application/json' } });
        await response.body.text();
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  await agent.close();
  return seconds;
}

async function drain(label: string, databaseUrl: string | undefined): Promise<(string | number)[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-webhooks-'));
  // PostgreSQL: a schema of its own, dropped afterwards (the database itself is left alone).
  const schema = `bench_webhooks_${process.pid}`;
  let scopedUrl = databaseUrl;
  if (databaseUrl) {
    const admin = createDb({ databaseUrl, sqliteFile: '' });
    await sql`create schema ${sql.id(schema)}`.execute(admin.db);
    await admin.close();
    const scoped = new URL(databaseUrl);
    scoped.searchParams.set('options', `-c search_path=${schema}`);
    scopedUrl = scoped.href;
  }
  const handle = createDb({ databaseUrl: scopedUrl, sqliteFile: path.join(dir, 'hub.db') });
  await migrateToLatest(handle.db);
  const endpoints = createWebhookEndpoints({ db: handle.db, rules: { ownOrigins: ['http://localhost:4321'], allowPrivate: true } });
  await endpoints.add({ url, events: ['share.created'], kind: 'standard', includeContact: false });
  const time = Date.now();
  const rows = Array.from({ length: EVENTS }, (_, i) => ({ id: newEventId(), type: 'share.created', data: JSON.stringify({ code: `c${i}`, story: 'a-story', channel: 'x', generation: 1, parent: null }), created_at: time + i }));
  await handle.db.transaction().execute(async (trx) => {
    for (let i = 0; i < rows.length; i += 500) await trx.insertInto('outbox_events').values(rows.slice(i, i + 500)).execute();
  });
  const sender = createWebhookSender({ allowPrivate: true });
  const worker = createWebhookWorker({ db: handle.db, dialect: handle.dialect, sender, siteUrl: 'http://localhost:4321' });
  received = 0;
  const started = performance.now();
  await worker.run();
  const seconds = (performance.now() - started) / 1000;
  const delivered = await handle.db.selectFrom('webhook_deliveries').select(handle.db.fn.countAll<number>().as('n')).where('status', '=', 'delivered').executeTakeFirstOrThrow();
  await sender.close();
  if (databaseUrl) await sql`drop schema ${sql.id(schema)} cascade`.execute(handle.db);
  await handle.close();
  fs.rmSync(dir, { recursive: true, force: true });
  return [label, EVENTS, Number(delivered.n), received, seconds.toFixed(1), Math.round(EVENTS / seconds)];
}

const baseline = await bare();
const results = [await drain('outbox -> worker (SQLite)', undefined)];
const pgUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
if (pgUrl) results.push(await drain('outbox -> worker (PostgreSQL)', pgUrl));
printTable(
  ['path', 'events', 'delivered', 'received', 'seconds', 'events/s', 'x bare POSTs'],
  [['bare POSTs (baseline, no database)', EVENTS, EVENTS, EVENTS, baseline.toFixed(1), Math.round(EVENTS / baseline), '1.00'], ...results.map((row) => [...row, (Number(row[4]) / baseline).toFixed(2)])],
);
console.log(`\nGoal: a burst of ${EVENTS.toLocaleString('en-US')} events drains in <= 60 s.`);
receiver.close();
