import type { FastifyRequest } from 'fastify';
import type { LimitName } from '../../lib/limits/limit-names.ts';

/** Methods a route can declare; HEAD is answered wherever GET is. */
export type RouteMethod = 'GET' | 'POST';

/**
 * Body formats a route accepts: JSON, an HTML form, a multipart form with one file, or JSON sent
 * as text/plain (what navigator.sendBeacon sends for a string).
 */
export type BodyType = 'json' | 'form' | 'multipart' | 'text';

/**
 * Who may call a route: `token` is the automation bearer token only (HUB_ADMIN_TOKEN);
 * `editor` is a signed-in editor's session or the token. Pages send a browser without either to
 * the sign-in page; API routes answer 401.
 */
export type RouteAuth = 'token' | 'editor';

/** One line of the URL map: everything the dispatcher needs to know about a route, as data. */
export type RouteSpec<Handler extends string = string> = {
  methods: readonly RouteMethod[];
  /** find-my-way pattern: `/r/:code`, `/dashboard/*`. A trailing slash is optional everywhere. */
  path: string;
  /** Name of the handler in the handlers object (src/server/create-handlers.ts). */
  handler: Handler;
  /** What the route is for, as the README's URL map says it. */
  summary: string;
  /** `api`: errors as JSON `{ error: { code, message } }`; `page`: the HTML error page. */
  answers: 'api' | 'page';
  /**
   * Bodies the route reads (POST only), others get 415: `limit` bytes for a JSON or form body and
   * for each field of a multipart one, `file` bytes for the one file a multipart form may carry
   * (none without it). Over a limit: 413, chunked or not.
   */
  body?: { limit: number; types: readonly BodyType[]; file?: number };
  /** Refuse writes started by another site (a browser's Origin naming another host): 403. */
  sameOrigin?: boolean;
  auth?: RouteAuth;
  /** Check the CSRF token (form field `csrf` or X-CSRF-Token) of session-authenticated POSTs. */
  csrf?: boolean;
  /**
   * `app`: the route runs in the app process (dashboard, stats, forms: reads that may take a while
   * and CPU-heavy writes); a counting process forwards it there untouched, so its own event loop
   * stays free for redirects, beacons and cards. Without it the route runs where it is received.
   */
  runsIn?: 'app';
  /**
   * Abuse limits (src/lib/limits/limit-names.ts) each request takes a hit of before its handler
   * runs, after the body, origin and CSRF checks: 429 with Retry-After once one is used up. A
   * request whose handler fails gives its hits back.
   */
  limit?: readonly LimitName[];
};

/** The spec of the route a request reached (undefined before routing, e.g. for a malformed URL). */
export const specOf = (request: FastifyRequest): RouteSpec | undefined => request.routeOptions.config as unknown as RouteSpec | undefined;
