import { TEST_EVENT_TYPE } from './schema.ts';

/** An outbox event as the worker reads it. */
export type OutboxEvent = { id: string; type: string; data: Record<string, unknown>; createdAt: number };

/** What a submission.* event says of its story, read when it is sent (a withdrawn story has nothing left to say). */
export type SubmissionDetails = { title: string; cause: string; status: string; contact?: { name: string | null; email: string } };

/**
 * The JSON body of a standard endpoint's message: `{ id, type, createdAt, data }`, with the
 * absolute URLs of what the event names (a share link, a win's page and card, an approved
 * story) added from `siteUrl`. The outbox keeps only a submission's id: its title and cause are
 * added from `submission` (undefined once withdrawn), its storyteller's name and email only when
 * the endpoint includes contact details.
 */
export function toWebhookBody(event: OutboxEvent, siteUrl: string, submission?: SubmissionDetails): string {
  const data: Record<string, unknown> = { ...event.data };
  if (submission && event.type.startsWith('submission.')) Object.assign(data, submission);
  if (event.type === 'share.created' && typeof data.code === 'string') data.url = `${siteUrl}/r/${data.code}`;
  if ((event.type === 'win.reached' || event.type === 'click.milestone') && typeof data.win === 'string') {
    data.url = `${siteUrl}/wins/${data.win}/`;
    data.cardUrl = `${siteUrl}/cards/wins/${data.win}/og.png`;
  }
  if (event.type === 'submission.approved' && typeof data.storySlug === 'string') data.storyUrl = `${siteUrl}/stories/${data.storySlug}/`;
  if (event.type === TEST_EVENT_TYPE) data.hub = siteUrl;
  return JSON.stringify({ id: event.id, type: event.type, createdAt: new Date(event.createdAt).toISOString(), data });
}
