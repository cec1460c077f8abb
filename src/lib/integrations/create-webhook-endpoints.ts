import type { Kysely } from 'kysely';
import type { EnvWebhook } from '../config/schema.ts';
import type { Database, WebhookEndpointsTable } from '../db/schema.ts';
import { generateCode } from '../referrals/generate-code.ts';
import { checkWebhookUrl, type WebhookUrlRules } from './check-webhook-url.ts';
import { newEventId } from './enqueue-event.ts';
import { TEST_EVENT_TYPE, WEBHOOK_EVENT_TYPES, type EndpointForm, type WebhookEndpoint, type WebhookEventType, type WebhookKind } from './schema.ts';
import { newWebhookSecret } from './sign-webhook.ts';

/** The id of the endpoint WEBHOOK_URL defines. */
export const ENV_ENDPOINT_ID = 'env';

/** Endpoints an installation may add in the dashboard (a limit on writes). */
export const MAX_ENDPOINTS = 20;

/** One line of an endpoint's delivery log. */
export type DeliveryLogEntry = {
  deliveryId: string;
  attempt: number;
  eventId: string;
  eventType: string;
  attemptedAt: number;
  ok: boolean;
  responseCode: number | null;
  responseBody: string;
  error: string | null;
  durationMs: number;
  /** Where the delivery stands now: pending (will retry), delivered or failed (given up). */
  deliveryStatus: string;
};

/** Thrown for an endpoint change that cannot be made; the message is for the editor. */
export class EndpointError extends Error {
  override name = 'EndpointError';
  readonly code: 'invalid' | 'not_found' | 'env' | 'too_many';
  constructor(code: EndpointError['code'], message: string) {
    super(message);
    this.code = code;
  }
}

export function toEndpoint(row: WebhookEndpointsTable): WebhookEndpoint {
  return {
    id: row.id,
    source: row.source === 'env' ? 'env' : 'dashboard',
    kind: row.kind as WebhookKind,
    url: row.url,
    events: row.events.split(',').filter(Boolean) as WebhookEventType[],
    includeContact: row.include_contact === 1,
    createdAt: Number(row.created_at),
    failingSince: row.failing_since === null ? null : Number(row.failing_since),
    disabledAt: row.disabled_at === null ? null : Number(row.disabled_at),
  };
}

/**
 * The webhook endpoints: those editors add (the secret is shown once, when it is made), and the
 * one WEBHOOK_URL defines (kept in step with the environment at start-up, not editable here);
 * their delivery logs, test events and redeliveries.
 */
export function createWebhookEndpoints(deps: { db: Kysely<Database>; rules: WebhookUrlRules; now?: () => number; resolve?: (host: string) => Promise<string[]> }) {
  const { db } = deps;
  const now = deps.now ?? Date.now;

  async function getRowOrThrow(id: string) {
    const row = await db.selectFrom('webhook_endpoints').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw new EndpointError('not_found', 'There is no endpoint with this id.');
    return row;
  }

  return {
    /** Every endpoint, the environment's first. */
    async list(): Promise<WebhookEndpoint[]> {
      const rows = await db.selectFrom('webhook_endpoints').selectAll().orderBy('created_at', 'asc').execute();
      return rows.map(toEndpoint).sort((a, b) => Number(b.source === 'env') - Number(a.source === 'env'));
    },

    async getOrThrow(id: string): Promise<WebhookEndpoint> {
      return toEndpoint(await getRowOrThrow(id));
    },

    /** Adds an endpoint after checking its URL; returns it with its secret (shown this once). */
    async add(form: EndpointForm): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
      const check = await checkWebhookUrl(form.url, deps.rules, deps.resolve);
      if (!check.ok) throw new EndpointError('invalid', check.message);
      const count = await db.selectFrom('webhook_endpoints').select(db.fn.countAll<number>().as('n')).where('source', '=', 'dashboard').executeTakeFirstOrThrow();
      if (Number(count.n) >= MAX_ENDPOINTS) throw new EndpointError('too_many', `An installation can have ${MAX_ENDPOINTS} endpoints; remove one first.`);
      const secret = newWebhookSecret();
      const row: WebhookEndpointsTable = {
        id: generateCode(12),
        source: 'dashboard',
        kind: form.kind,
        url: check.url,
        events: (form.kind === 'slack' ? ['win.reached'] : form.events).join(','),
        secret,
        include_contact: form.includeContact && form.kind === 'standard' ? 1 : 0,
        created_at: now(),
        failing_since: null,
        disabled_at: null,
      };
      await db.insertInto('webhook_endpoints').values(row).execute();
      return { endpoint: toEndpoint(row), secret };
    },

    /** Removes a dashboard endpoint with its pending deliveries and log. */
    async remove(id: string): Promise<void> {
      const row = await getRowOrThrow(id);
      if (row.source === 'env') throw new EndpointError('env', 'This endpoint is defined by WEBHOOK_URL; unset it in the environment to remove it.');
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('webhook_attempts').where('endpoint_id', '=', id).execute();
        await trx.deleteFrom('webhook_deliveries').where('endpoint_id', '=', id).execute();
        await trx.deleteFrom('webhook_endpoints').where('id', '=', id).execute();
      });
    },

    /** Turns a disabled endpoint back on: its waiting deliveries are tried again at once. */
    async enable(id: string): Promise<void> {
      await getRowOrThrow(id);
      await db.transaction().execute(async (trx) => {
        await trx.updateTable('webhook_endpoints').set({ disabled_at: null, failing_since: null }).where('id', '=', id).execute();
        await trx.updateTable('webhook_deliveries').set({ next_attempt_at: now(), first_attempt_at: null }).where('endpoint_id', '=', id).where('status', '=', 'pending').execute();
      });
    },

    /** Queues a `webhook.test` event for this endpoint alone. */
    async sendTest(id: string): Promise<string> {
      await getRowOrThrow(id);
      const eventId = newEventId();
      const time = now();
      await db.transaction().execute(async (trx) => {
        await trx.insertInto('outbox_events').values({ id: eventId, type: TEST_EVENT_TYPE, data: JSON.stringify({ message: 'A test event from the dashboard.' }), created_at: time, dispatched: 1 }).execute();
        await trx.insertInto('webhook_deliveries').values({ id: generateCode(16), event_id: eventId, endpoint_id: id, status: 'pending', next_attempt_at: time, created_at: time }).execute();
      });
      return eventId;
    },

    /** Sends a delivery again (same event id, a new 24-hour window of retries). */
    async redeliver(endpointId: string, deliveryId: string): Promise<void> {
      const result = await db
        .updateTable('webhook_deliveries')
        .set({ status: 'pending', next_attempt_at: now(), first_attempt_at: null })
        .where('id', '=', deliveryId)
        .where('endpoint_id', '=', endpointId)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) throw new EndpointError('not_found', 'There is no such delivery for this endpoint.');
    },

    /** The endpoint's latest attempts, newest first. */
    async log(id: string, limit = 50): Promise<DeliveryLogEntry[]> {
      const rows = await db
        .selectFrom('webhook_attempts as a')
        .innerJoin('webhook_deliveries as d', 'd.id', 'a.delivery_id')
        .select(['a.delivery_id', 'a.attempt', 'a.event_id', 'a.event_type', 'a.attempted_at', 'a.ok', 'a.response_code', 'a.response_body', 'a.error', 'a.duration_ms', 'd.status'])
        .where('a.endpoint_id', '=', id)
        .orderBy('a.attempted_at', 'desc')
        .orderBy('a.attempt', 'desc')
        .limit(limit)
        .execute();
      return rows.map((row) => ({
        deliveryId: row.delivery_id,
        attempt: Number(row.attempt),
        eventId: row.event_id,
        eventType: row.event_type,
        attemptedAt: Number(row.attempted_at),
        ok: Number(row.ok) === 1,
        responseCode: row.response_code === null ? null : Number(row.response_code),
        responseBody: row.response_body,
        error: row.error,
        durationMs: Number(row.duration_ms),
        deliveryStatus: row.status,
      }));
    },

    /**
     * Keeps the environment's endpoint in step with WEBHOOK_URL: made or updated when set (a
     * changed URL or secret starts a fresh record of failures), removed with its log when unset.
     */
    async syncEnv(webhook: EnvWebhook | undefined): Promise<void> {
      const existing = await db.selectFrom('webhook_endpoints').selectAll().where('id', '=', ENV_ENDPOINT_ID).executeTakeFirst();
      if (!webhook) {
        if (!existing) return;
        await db.transaction().execute(async (trx) => {
          await trx.deleteFrom('webhook_attempts').where('endpoint_id', '=', ENV_ENDPOINT_ID).execute();
          await trx.deleteFrom('webhook_deliveries').where('endpoint_id', '=', ENV_ENDPOINT_ID).execute();
          await trx.deleteFrom('webhook_endpoints').where('id', '=', ENV_ENDPOINT_ID).execute();
        });
        return;
      }
      const values = { kind: webhook.kind, url: webhook.url, events: webhook.events.join(','), secret: webhook.secret };
      if (!existing) {
        await db
          .insertInto('webhook_endpoints')
          .values({ id: ENV_ENDPOINT_ID, source: 'env', ...values, include_contact: 0, created_at: now(), failing_since: null, disabled_at: null })
          .onConflict((conflict) => conflict.column('id').doNothing())
          .execute();
        return;
      }
      const changed = existing.url !== values.url || existing.secret !== values.secret || existing.kind !== values.kind || existing.events !== values.events;
      if (changed) await db.updateTable('webhook_endpoints').set({ ...values, failing_since: null, disabled_at: null }).where('id', '=', ENV_ENDPOINT_ID).execute();
    },

    /** Every event type an endpoint can choose. */
    eventTypes: WEBHOOK_EVENT_TYPES,
  };
}

export type WebhookEndpoints = ReturnType<typeof createWebhookEndpoints>;
