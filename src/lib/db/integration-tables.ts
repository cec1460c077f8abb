import type { Generated } from 'kysely';

// The tables of webhooks and of a visitor story's thread (migration 0013).

/** An event waiting to be fanned out to the endpoints that want it (the outbox). */
export interface OutboxEventsTable {
  id: string;
  type: string;
  /** The event's `data` as JSON. */
  data: string;
  created_at: number;
  /** 1 once a delivery row was made for every endpoint that wants it. */
  dispatched: Generated<number>;
}

/** A webhook endpoint: added in the dashboard (source 'dashboard') or defined by WEBHOOK_URL ('env'). */
export interface WebhookEndpointsTable {
  id: string;
  source: string;
  /** 'standard' (signed JSON events) or 'slack' (a chat message per win). */
  kind: string;
  url: string;
  /** Comma-separated event types. */
  events: string;
  secret: string;
  include_contact: number;
  created_at: number;
  /** When the current run of failed attempts began; null while deliveries succeed. */
  failing_since: number | null;
  disabled_at: number | null;
}

/** One event for one endpoint: 'pending' (until delivered or given up), 'delivered', 'failed'. */
export interface WebhookDeliveriesTable {
  id: string;
  event_id: string;
  endpoint_id: string;
  status: string;
  attempts: Generated<number>;
  next_attempt_at: number;
  first_attempt_at: number | null;
  last_attempt_at: number | null;
  response_code: number | null;
  created_at: number;
}

/** The delivery log: one row per attempt. */
export interface WebhookAttemptsTable {
  delivery_id: string;
  attempt: number;
  endpoint_id: string;
  event_id: string;
  event_type: string;
  attempted_at: number;
  ok: number;
  response_code: number | null;
  /** The first 500 bytes of the answer. */
  response_body: string;
  error: string | null;
  duration_ms: number;
}

/** One line of a visitor story's thread: who ('editor' or 'storyteller'), when, what. */
export interface SubmissionMessagesTable {
  id: string;
  submission_id: string;
  at: number;
  author: string;
  /** received, edited, changes_requested, rejected, approved. */
  kind: string;
  /** The editor's note, or what an edit changed. */
  body: string;
}
