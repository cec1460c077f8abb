import { randomBytes } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { WebhookEventType } from './schema.ts';

/** A Standard Webhooks message id: unique per event, the same on every retry (receivers deduplicate on it). */
export function newEventId(): string {
  return `msg_${randomBytes(16).toString('base64url')}`;
}

/**
 * Writes an event to the outbox. Call it inside the transaction that makes the change the event
 * reports, so the event exists exactly when the change does; the delivery worker sends it.
 */
export async function enqueueEvent(
  trx: Kysely<Database> | Transaction<Database>,
  type: WebhookEventType,
  data: Record<string, unknown>,
  time: number,
): Promise<string> {
  const id = newEventId();
  await trx.insertInto('outbox_events').values({ id, type, data: JSON.stringify(data), created_at: time }).execute();
  return id;
}
