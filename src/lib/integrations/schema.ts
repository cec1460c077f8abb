import { z } from 'zod';

/**
 * Every event the hub sends. `click.milestone` is a milestone on clicks or unique visitors being
 * reached (never one event per click); `win.reached` is any milestone reached.
 * `experiment.decided` is sent once experiments run on the hub (the statistics exist; the
 * routes do not yet).
 */
export const WEBHOOK_EVENT_TYPES = [
  'share.created',
  'click.milestone',
  'conversion.created',
  'win.reached',
  'submission.received',
  'submission.approved',
  'submission.withdrawn',
] as const;

export const webhookEventTypeSchema = z.enum(WEBHOOK_EVENT_TYPES);
export type WebhookEventType = z.infer<typeof webhookEventTypeSchema>;

/** The test event the dashboard sends; never written by the hub otherwise. */
export const TEST_EVENT_TYPE = 'webhook.test';

/** 'standard': signed JSON events (Standard Webhooks); 'slack': an incoming-webhook URL that gets a chat message per win. */
export const WEBHOOK_KINDS = ['standard', 'slack'] as const;
export type WebhookKind = (typeof WEBHOOK_KINDS)[number];

/** An endpoint as the dashboard and the worker see it (the secret is never listed). */
export type WebhookEndpoint = {
  id: string;
  source: 'dashboard' | 'env';
  kind: WebhookKind;
  url: string;
  events: WebhookEventType[];
  includeContact: boolean;
  createdAt: number;
  failingSince: number | null;
  disabledAt: number | null;
};

/** Comma-separated event types (as WEBHOOK_EVENTS and the form send them); empty means all. */
export const eventListSchema = z
  .string()
  .transform((value) => value.split(',').map((part) => part.trim()).filter(Boolean))
  .pipe(z.array(z.enum(WEBHOOK_EVENT_TYPES, { error: `lists an unknown event (known: ${WEBHOOK_EVENT_TYPES.join(', ')})` })))
  .transform((events) => (events.length === 0 ? [...WEBHOOK_EVENT_TYPES] : [...new Set(events)]));

/** The dashboard's "add endpoint" form. */
export const endpointFormSchema = z.object({
  /** The receiver's URL: http(s); checked further by checkWebhookUrl. */
  url: z.string().trim().min(1, 'Enter the URL that should receive the events.').max(2000, 'The URL is too long (2,000 characters at most).'),
  /** One or more event types (checkboxes: one field per ticked box). */
  events: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]))
    .pipe(z.array(z.enum(WEBHOOK_EVENT_TYPES, { error: 'Choose events from the list.' })).min(1, 'Choose at least one event.')),
  kind: z.enum(WEBHOOK_KINDS, { error: 'Choose standard or slack.' }).default('standard'),
  /** Ticked: submission.* events carry the storyteller's name and email. */
  includeContact: z
    .union([z.literal('on'), z.literal('true'), z.literal(''), z.boolean()])
    .optional()
    .transform((value) => value === 'on' || value === 'true' || value === true),
});
export type EndpointForm = z.infer<typeof endpointFormSchema>;
