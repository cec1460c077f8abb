import { PHOTO_MAX_BYTES } from '../lib/submissions/schema.ts';
import type { RouteSpec } from './http/route-spec.ts';

const KB = 1024;
const JSON_OR_FORM = ['json', 'form'] as const;
const ANY_FORM = ['multipart', 'form', 'json'] as const;
/** A visitor's story: fields of up to 64 KB each, and one photo in a multipart form. */
const STORY_FORM = { limit: 64 * KB, file: PHOTO_MAX_BYTES, types: ANY_FORM };

/**
 * The hub's URL map, read top to bottom. Each route names its handler (src/server/create-handlers.ts)
 * and what the dispatcher checks before it runs: body limit and types (413, 415), same-origin
 * writes (403), who may call it (401, or the sign-in page) and CSRF. Every other method on a path
 * answers 405 with Allow; HEAD is answered wherever GET is. `limit` names the abuse limits a
 * request takes a hit of (429 once one is used up; README.md, "Limits"). Routes that `runsIn: 'app'` are
 * forwarded by the counting processes to the app process (src/server/supervise-hub.ts), so slow
 * reads never hold up a redirect. README.md's "URL map" lists this table (a test compares them).
 */
export const routeTable = [
  { methods: ['GET'], path: '/healthz', handler: 'health', answers: 'api', summary: 'build id and database, checks the database answers' },

  // Referral links: the hot path. Clicks are committed before the 302.
  { methods: ['GET'], path: '/r/:code', handler: 'redirect', answers: 'page', summary: 'a person: click committed, 302 to the story; bots and previews: Open Graph page' },
  { methods: ['GET'], path: '/r/:code/w/:win', handler: 'redirect', answers: 'page', summary: "the same, previewing a win's celebration card" },
  { methods: ['POST'], path: '/api/share', handler: 'share', answers: 'api', body: { limit: 4 * KB, types: JSON_OR_FORM }, sameOrigin: true, limit: ['share-client', 'share-advocate'], summary: "creates or returns the advocate's link for a story and channel" },
  { methods: ['GET'], path: '/api/share/:code/qr.svg', handler: 'shareQr', answers: 'api', summary: 'a share link as a QR code' },
  { methods: ['POST'], path: '/api/convert', handler: 'convert', answers: 'api', body: { limit: 1 * KB, types: JSON_OR_FORM }, sameOrigin: true, limit: ['conversion-visitor'], summary: 'a goal reached, credited to the link the visitor came through' },
  // Readers: the beacon of every public page, committed before the 202 (group commit with clicks).
  { methods: ['POST'], path: '/api/event', handler: 'event', answers: 'api', body: { limit: 2 * KB, types: ['json', 'text'] }, sameOrigin: true, summary: 'a page view or read from the beacon: committed, then 202 with no body' },
  { methods: ['GET'], path: '/api/event.gif', handler: 'eventGif', answers: 'api', summary: 'the noscript form of a view, answered with a 1x1 GIF' },
  { methods: ['GET'], path: '/api/stats/overview', handler: 'statsOverview', answers: 'api', auth: 'token', runsIn: 'app', summary: "the dashboard's overview of a period as JSON" },
  { methods: ['GET'], path: '/api/stats/stories/:slug', handler: 'statsStory', answers: 'api', auth: 'token', runsIn: 'app', summary: "a story's funnel, generations, channels and segments" },
  { methods: ['GET'], path: '/api/stats/links/:code', handler: 'statsLink', answers: 'api', auth: 'token', runsIn: 'app', summary: "a link's numbers with every link descended from it" },
  { methods: ['GET'], path: '/api/public/stories/:slug', handler: 'publicCounts', answers: 'api', summary: "a story's share and click counts and its wins, nothing per visitor" },
  { methods: ['GET'], path: '/me/recover/:token', handler: 'recoverAdvocate', answers: 'page', runsIn: 'app', summary: "an advocate's private link: recognises this browser, 303 to /me/" },

  // Share cards: memory, disk cache, worker pool.
  { methods: ['GET'], path: '/cards/stories/:slug/:size.png', handler: 'storyCard', answers: 'page', summary: "a story's card (og, square, vertical)" },
  { methods: ['GET'], path: '/cards/journeys/:slug/:size.png', handler: 'journeyCard', answers: 'page', summary: "a journey's card" },
  { methods: ['GET'], path: '/cards/links/:code/og.png', handler: 'linkCard', answers: 'page', summary: 'a share link\'s card, "shared by <name>"' },
  { methods: ['GET'], path: '/cards/wins/:id/:size.png', handler: 'winCard', answers: 'page', summary: "a win's celebration card" },

  // Visitor stories and their private links.
  { methods: ['POST'], path: '/api/submissions', handler: 'submitStory', answers: 'api', body: STORY_FORM, sameOrigin: true, runsIn: 'app', summary: "a visitor's story (form, multipart with a photo, or JSON)" },
  { methods: ['GET'], path: '/submissions/:token/photo.jpg', handler: 'submissionPhoto', answers: 'api', runsIn: 'app', summary: "the photo of the visitor's own submission" },
  { methods: ['POST'], path: '/submissions/:token/edit', handler: 'editSubmission', answers: 'api', body: STORY_FORM, sameOrigin: true, runsIn: 'app', summary: 'the visitor edits their story' },
  { methods: ['POST'], path: '/submissions/:token/withdraw', handler: 'withdrawSubmission', answers: 'api', body: { limit: 4 * KB, types: ANY_FORM }, sameOrigin: true, runsIn: 'app', summary: 'the visitor withdraws their story, published or not' },

  // The dashboard: sign-in, moderation, and its pages (rendered by Astro).
  { methods: ['GET'], path: '/dashboard/login', handler: 'loginPage', answers: 'page', runsIn: 'app', summary: 'the sign-in form' },
  { methods: ['POST'], path: '/dashboard/login', handler: 'login', answers: 'page', body: { limit: 4 * KB, types: JSON_OR_FORM }, sameOrigin: true, runsIn: 'app', summary: 'signs in (CSRF-checked, attempts limited)' },
  { methods: ['POST'], path: '/dashboard/logout', handler: 'logout', answers: 'api', body: { limit: 4 * KB, types: JSON_OR_FORM }, sameOrigin: true, auth: 'editor', csrf: true, runsIn: 'app', summary: 'signs out' },
  { methods: ['GET'], path: '/api/dashboard/submissions', handler: 'submissionList', answers: 'api', auth: 'editor', runsIn: 'app', summary: 'visitor stories awaiting or past moderation' },
  { methods: ['GET'], path: '/api/dashboard/submissions/:id', handler: 'submissionDetail', answers: 'api', auth: 'editor', runsIn: 'app', summary: 'one visitor story' },
  { methods: ['GET'], path: '/dashboard/submissions/:id/photo.jpg', handler: 'moderationPhoto', answers: 'api', auth: 'editor', runsIn: 'app', summary: "a submission's photo, for moderation" },
  { methods: ['POST'], path: '/dashboard/submissions/:id/:action', handler: 'moderate', answers: 'api', body: { limit: 64 * KB, types: JSON_OR_FORM }, sameOrigin: true, auth: 'editor', csrf: true, runsIn: 'app', summary: 'edit, approve, reject or request-changes' },
  { methods: ['GET'], path: '/api/dashboard/integrations', handler: 'endpointList', answers: 'api', auth: 'editor', runsIn: 'app', summary: 'webhook endpoints and their state' },
  { methods: ['POST'], path: '/dashboard/integrations/endpoints', handler: 'addEndpoint', answers: 'api', body: { limit: 8 * KB, types: JSON_OR_FORM }, sameOrigin: true, auth: 'editor', csrf: true, runsIn: 'app', summary: 'adds a webhook endpoint (its secret shown once)' },
  { methods: ['POST'], path: '/dashboard/integrations/:id/:action', handler: 'endpointAction', answers: 'api', body: { limit: 4 * KB, types: JSON_OR_FORM }, sameOrigin: true, auth: 'editor', csrf: true, runsIn: 'app', summary: 'test, redeliver, enable or remove an endpoint' },
  { methods: ['GET'], path: '/dashboard', handler: 'dashboardPage', answers: 'page', auth: 'editor', runsIn: 'app', summary: 'the overview' },
  { methods: ['GET'], path: '/dashboard/*', handler: 'dashboardPage', answers: 'page', auth: 'editor', runsIn: 'app', summary: 'stories, links, advocates, momentum, moderation (CSV with ?csv=)' },

  // Everything else: the built site.
  { methods: ['GET'], path: '/*', handler: 'site', answers: 'page', summary: 'prerendered pages and assets from memory, on-demand Astro pages, 410 for withdrawn stories, the 404 page' },
] as const satisfies readonly RouteSpec[];

/** The name of every handler the table refers to. */
export type HandlerName = (typeof routeTable)[number]['handler'];
