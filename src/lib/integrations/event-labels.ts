import type { WebhookEventType } from './schema.ts';

/** What each event means, as the dashboard's "add endpoint" form explains it. */
export const eventLabels: Record<WebhookEventType, string> = {
  'share.created': 'An advocate made a new share link',
  'click.milestone': 'A milestone on clicks or readers was reached (never one per click)',
  'conversion.created': 'A goal was reached (newsletter, story submitted, ...)',
  'win.reached': 'A story, an advocate or the hub reached a milestone',
  'submission.received': 'A visitor story arrived',
  'submission.approved': 'A visitor story was approved',
  'submission.withdrawn': 'A storyteller withdrew their story',
};
