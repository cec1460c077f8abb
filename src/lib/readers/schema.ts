import { z } from 'zod';

/** The longest page URL or referrer the beacon may send (the body limit is 2 KB). */
const URL_MAX = 1_000;

/**
 * One beacon event, as POST /api/event (JSON, or text/plain from navigator.sendBeacon) and
 * GET /api/event.gif (query) carry it: a view when a page is shown, a read when the reader
 * reached the end of a story or journey.
 */
export const pageEventSchema = z.object({
  /** `view`: the page was shown; `read`: the last paragraph was seen or the page was visible 30 s. */
  name: z.enum(['view', 'read']),
  /** The page's address as the browser has it (location.href): only this site's pages count. */
  url: z.string().min(1).max(URL_MAX),
  /** document.referrer, or empty. */
  referrer: z.string().max(URL_MAX).optional().default(''),
});

export type PageEventInput = z.infer<typeof pageEventSchema>;

/** The channels a reader's source is grouped into, as the dashboard and the stats name them. */
export const readerChannels = ['share link', 'search', 'social', 'chat', 'email', 'referral', 'internal', 'direct'] as const;
export type ReaderChannel = (typeof readerChannels)[number];
