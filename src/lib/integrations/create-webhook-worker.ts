import { sql, type Kysely } from 'kysely';
import type { Database, Dialect, WebhookEndpointsTable } from '../db/schema.ts';
import { generateCode } from '../referrals/generate-code.ts';
import type { WebhookSender, SendResult } from './create-webhook-sender.ts';
import { GIVE_UP_MS, retryDelay } from './retry-delay.ts';
import { signWebhook, webhookKey } from './sign-webhook.ts';
import { toWebhookBody, type OutboxEvent, type SubmissionDetails } from './to-webhook-body.ts';

export type WebhookWorkerOptions = {
  db: Kysely<Database>;
  dialect: Dialect;
  sender: WebhookSender;
  siteUrl: string;
  now?: () => number;
  /** The chat message of a slack endpoint for an event (undefined: nothing to post for it). */
  formatSlack?: (event: OutboxEvent) => Promise<Record<string, unknown> | undefined>;
  /** Deliveries claimed at a time (sent side by side, recorded in one transaction). */
  batchSize?: number;
  /** Requests in flight at once (of a batch). */
  concurrency?: number;
  /** The first retry's delay (doubled each time). */
  firstRetryMs?: number;
  /** A claimed delivery is claimable again after this long (its worker died mid-attempt); more than a batch can take. */
  leaseMs?: number;
  /** The timeout of one attempt the sender applies (the default lease is three of them). */
  timeoutMs?: number;
};

type Claimed = { id: string; event_id: string; endpoint_id: string; attempts: number; first_attempt_at: number | null };
type Outcome = { delivery: Claimed; endpoint: WebhookEndpointsTable; event: OutboxEvent; result: SendResult; time: number };

/** Events fanned out per transaction. */
const DISPATCH_BATCH = 500;
const ROWS_PER_INSERT = 200;

const chunks = <T>(items: T[], size: number) => Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

/**
 * The delivery worker: fans outbox events out to the endpoints that want them (a delivery row
 * each, unique per event and endpoint), then claims due deliveries and sends them, signed with
 * the Standard Webhooks scheme. Claiming moves a delivery's next attempt past a lease, in one
 * statement (FOR UPDATE SKIP LOCKED on PostgreSQL, so instances never take the same delivery;
 * SQLite has one writer), so each event goes to each endpoint once unless a worker dies in the
 * middle of an attempt (then it is sent again after the lease, with the same Webhook-Id).
 * A failed attempt is retried with exponential backoff until 24 hours after the first; an
 * endpoint that has failed for 24 hours is disabled.
 */
export function createWebhookWorker(options: WebhookWorkerOptions) {
  const { db, dialect, sender, siteUrl } = options;
  const now = options.now ?? Date.now;
  const batchSize = options.batchSize ?? 32;
  const concurrency = options.concurrency ?? batchSize;
  const leaseMs = options.leaseMs ?? 3 * (options.timeoutMs ?? 5_000) * Math.ceil(batchSize / concurrency);
  const skipLocked = dialect === 'postgres' ? sql`for update skip locked` : sql``;

  /** Makes the deliveries of events not yet fanned out; returns how many events it took. */
  async function dispatch(): Promise<number> {
    // An idle hub only reads: the write transaction (a lock on SQLite) begins when there is work.
    const waiting = await db.selectFrom('outbox_events').select('id').where('dispatched', '=', 0).limit(1).executeTakeFirst();
    if (!waiting) return 0;
    return db.transaction().execute(async (trx) => {
      const { rows: events } = await sql<{ id: string; type: string }>`
        select id, type from outbox_events where dispatched = 0 order by created_at limit ${DISPATCH_BATCH} ${skipLocked}`.execute(trx);
      if (events.length === 0) return 0;
      const endpoints = await trx.selectFrom('webhook_endpoints').select(['id', 'events']).where('disabled_at', 'is', null).execute();
      const time = now();
      const deliveries = events.flatMap((event) =>
        endpoints
          .filter((endpoint) => endpoint.events.split(',').includes(event.type))
          .map((endpoint) => ({ id: generateCode(16), event_id: event.id, endpoint_id: endpoint.id, status: 'pending', next_attempt_at: time, created_at: time })),
      );
      for (const rows of chunks(deliveries, ROWS_PER_INSERT)) {
        await trx.insertInto('webhook_deliveries').values(rows).onConflict((conflict) => conflict.columns(['event_id', 'endpoint_id']).doNothing()).execute();
      }
      for (const ids of chunks(events.map((event) => event.id), ROWS_PER_INSERT)) {
        await trx.updateTable('outbox_events').set({ dispatched: 1 }).where('id', 'in', ids).execute();
      }
      return events.length;
    });
  }

  async function claim(): Promise<Claimed[]> {
    const time = now();
    const due = await db.selectFrom('webhook_deliveries').select('id').where('status', '=', 'pending').where('next_attempt_at', '<=', time).limit(1).executeTakeFirst();
    if (!due) return [];
    const { rows } = await sql<Claimed>`
      update webhook_deliveries set next_attempt_at = ${time + leaseMs}
      where id in (
        select d.id from webhook_deliveries d join webhook_endpoints e on e.id = d.endpoint_id
        where d.status = 'pending' and d.next_attempt_at <= ${time} and e.disabled_at is null
        order by d.next_attempt_at limit ${batchSize} ${dialect === 'postgres' ? sql`for update of d skip locked` : sql``})
      returning id, event_id, endpoint_id, attempts, first_attempt_at`.execute(db);
    return rows.map((row) => ({ ...row, attempts: Number(row.attempts), first_attempt_at: row.first_attempt_at === null ? null : Number(row.first_attempt_at) }));
  }

  async function submissionOf(event: OutboxEvent, includeContact: boolean): Promise<SubmissionDetails | undefined> {
    if (!event.type.startsWith('submission.') || typeof event.data.submission !== 'string') return undefined;
    const row = await db.selectFrom('submissions').select(['title', 'cause', 'display_name', 'email', 'status']).where('id', '=', event.data.submission).executeTakeFirst();
    if (!row || row.status === 'withdrawn') return undefined;
    return { title: row.title, cause: row.cause, status: row.status, ...(includeContact ? { contact: { name: row.display_name, email: row.email } } : {}) };
  }

  async function attempt(delivery: Claimed, endpoint: WebhookEndpointsTable, event: OutboxEvent): Promise<Outcome> {
    let body: string;
    if (endpoint.kind === 'slack') {
      const message = await options.formatSlack?.(event);
      if (!message) {
        const time = now();
        return { delivery, endpoint, event, time, result: { ok: true, status: 0, body: '', error: 'nothing to post for this event', durationMs: 0 } };
      }
      body = JSON.stringify(message);
    } else {
      body = toWebhookBody(event, siteUrl, await submissionOf(event, endpoint.include_contact === 1));
    }
    const timestamp = Math.floor(now() / 1000);
    const result = await sender.send(endpoint.url, signWebhook(webhookKey(endpoint.secret), event.id, timestamp, body), body);
    return { delivery, endpoint, event, result, time: now() };
  }

  async function record(outcomes: Outcome[]) {
    if (outcomes.length === 0) return;
    await db.transaction().execute(async (trx) => {
      const attempts = outcomes.map(({ delivery, endpoint, event, result, time }) => ({
        delivery_id: delivery.id,
        attempt: delivery.attempts + 1,
        endpoint_id: endpoint.id,
        event_id: event.id,
        event_type: event.type,
        attempted_at: time,
        ok: result.ok ? 1 : 0,
        response_code: result.status || null,
        response_body: result.body,
        error: result.error,
        duration_ms: result.durationMs,
      }));
      for (const rows of chunks(attempts, ROWS_PER_INSERT)) {
        await trx.insertInto('webhook_attempts').values(rows).onConflict((conflict) => conflict.columns(['delivery_id', 'attempt']).doNothing()).execute();
      }
      const lastByEndpoint = new Map<string, Outcome>();
      for (const outcome of outcomes) {
        const { delivery, result, time } = outcome;
        const first = delivery.first_attempt_at ?? time;
        const attemptsMade = delivery.attempts + 1;
        const status = result.ok ? 'delivered' : time - first >= GIVE_UP_MS ? 'failed' : 'pending';
        await trx
          .updateTable('webhook_deliveries')
          .set({
            status,
            attempts: attemptsMade,
            first_attempt_at: first,
            last_attempt_at: time,
            response_code: result.status || null,
            next_attempt_at: status === 'pending' ? time + retryDelay(attemptsMade, options.firstRetryMs) : time,
          })
          .where('id', '=', delivery.id)
          .execute();
        lastByEndpoint.set(outcome.endpoint.id, outcome);
      }
      for (const [endpointId, { result, time }] of lastByEndpoint) {
        if (result.ok) {
          await trx.updateTable('webhook_endpoints').set({ failing_since: null }).where('id', '=', endpointId).where('failing_since', 'is not', null).execute();
          continue;
        }
        await trx.updateTable('webhook_endpoints').set({ failing_since: time }).where('id', '=', endpointId).where('failing_since', 'is', null).execute();
        await trx
          .updateTable('webhook_endpoints')
          .set({ disabled_at: time })
          .where('id', '=', endpointId)
          .where('disabled_at', 'is', null)
          .where('failing_since', '<=', time - GIVE_UP_MS)
          .execute();
      }
    });
  }

  /** Sends one claimed batch; returns how many deliveries it took. */
  async function deliverBatch(): Promise<number> {
    const claimed = await claim();
    if (claimed.length === 0) return 0;
    const [events, endpoints] = await Promise.all([
      db.selectFrom('outbox_events').select(['id', 'type', 'data', 'created_at']).where('id', 'in', [...new Set(claimed.map((row) => row.event_id))]).execute(),
      db.selectFrom('webhook_endpoints').selectAll().where('id', 'in', [...new Set(claimed.map((row) => row.endpoint_id))]).execute(),
    ]);
    const eventById = new Map(events.map((row) => [row.id, { id: row.id, type: row.type, data: JSON.parse(row.data) as Record<string, unknown>, createdAt: Number(row.created_at) }]));
    const endpointById = new Map(endpoints.map((row) => [row.id, row]));
    const outcomes: Outcome[] = [];
    const queue = claimed.filter((delivery) => eventById.has(delivery.event_id) && endpointById.has(delivery.endpoint_id));
    const workers = Array.from({ length: Math.min(concurrency, queue.length) }, async () => {
      for (let delivery = queue.shift(); delivery; delivery = queue.shift()) {
        outcomes.push(await attempt(delivery, endpointById.get(delivery.endpoint_id)!, eventById.get(delivery.event_id)!));
      }
    });
    await Promise.all(workers);
    await record(outcomes);
    return claimed.length;
  }

  return {
    /**
     * Forgets what is older than `keepMs` (30 days by default) and finished: fanned-out events
     * without a pending delivery, finished deliveries and their attempts (limits what the log keeps).
     */
    async prune(keepMs = 30 * 24 * 60 * 60_000): Promise<void> {
      const before = now() - keepMs;
      await db.deleteFrom('webhook_attempts').where('attempted_at', '<', before).execute();
      await db.deleteFrom('webhook_deliveries').where('status', '!=', 'pending').where('created_at', '<', before).execute();
      await db
        .deleteFrom('outbox_events')
        .where('dispatched', '=', 1)
        .where('created_at', '<', before)
        .where(({ not, exists, selectFrom }) => not(exists(selectFrom('webhook_deliveries').select('id').whereRef('webhook_deliveries.event_id', '=', 'outbox_events.id'))))
        .execute();
    },
    /** Fans out every waiting event, then sends due deliveries until none is left. */
    async run(): Promise<void> {
      while ((await dispatch()) === DISPATCH_BATCH);
      while ((await deliverBatch()) === batchSize);
    },
  };
}

export type WebhookWorker = ReturnType<typeof createWebhookWorker>;
