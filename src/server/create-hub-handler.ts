import type { IncomingMessage, ServerResponse } from 'node:http';
import { sql } from 'kysely';
import type { DbHandle } from '../lib/db/create-db.ts';
import type { BuildInfo } from './build-info-integration.ts';
import { sendJson, sendText } from './respond.ts';
import { sendStaticFile } from './send-static-file.ts';
import type { StaticFiles } from './static-files.ts';

/** Astro's middleware-mode handler (dist/server/entry.mjs), which calls `next` when no route matches. */
export type AstroHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  next: (error?: unknown) => void,
  locals?: object,
) => Promise<void> | void;

/**
 * A hot path served before static files and Astro: `match` gets the decoded path and returns
 * true when the route answered (or will answer) the request.
 */
export type HotRoute = (req: IncomingMessage, res: ServerResponse, target: RequestTarget) => boolean;

export type RequestTarget = { pathname: string; search: string };

export type HubDeps = {
  db: DbHandle;
  build: BuildInfo;
  staticFiles: StaticFiles;
  astro: AstroHandler;
  /** Hot paths of the features (referral redirects, cards, ...), tried in order. */
  routes?: HotRoute[];
  /** What on-demand pages find in Astro.locals (services); `db` is always there. */
  locals?: object;
};

const SECURITY_HEADERS: Record<string, string> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
  'X-Frame-Options': 'SAMEORIGIN',
};

/** The URL path, decoded; undefined for paths that cannot be a page of this site. */
const PLAIN_PATH = /^\/(?!\/)[A-Za-z0-9\-._~/]*$/;

function parsePath(rawUrl: string | undefined): RequestTarget | undefined {
  if (!rawUrl || !rawUrl.startsWith('/') || rawUrl.startsWith('//')) return undefined;
  // Fast path for the common case (no query, no escapes, no dot segments): nothing to decode.
  if (PLAIN_PATH.test(rawUrl) && !rawUrl.includes('/.')) return { pathname: rawUrl, search: '' };
  let url: URL;
  let pathname: string;
  try {
    url = new URL(rawUrl, 'http://hub.invalid');
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return undefined;
  }
  if (pathname.includes('\0') || pathname.includes('\\')) return undefined;
  return { pathname, search: url.search };
}

/**
 * Hands a request to Astro's on-demand routes; `unmatched` answers when no route took it, and a
 * failing page is a 500 (logged).
 */
export function runAstro(astro: AstroHandler, req: IncomingMessage, res: ServerResponse, locals: object, unmatched: () => void): void {
  const fail = (error: unknown) => {
    console.error(error);
    if (!res.headersSent) sendText(res, 500, 'Internal server error\n');
  };
  void Promise.resolve(astro(req, res, (error) => (error ? fail(error) : unmatched()), locals)).catch(fail);
}

/** Answers with the prerendered 404 page and status 404 (plain text for non-GET requests). */
export function createNotFound(staticFiles: StaticFiles) {
  return (req: IncomingMessage, res: ServerResponse) => {
    if (staticFiles.notFound && (req.method === 'GET' || req.method === 'HEAD')) {
      sendStaticFile(req, res, staticFiles.notFound, 404);
    } else {
      sendText(res, 404, 'Not found\n');
    }
  };
}

/**
 * The hub's HTTP entry: hot paths first (health, prerendered pages and assets from memory),
 * then Astro's on-demand routes, then the 404 page.
 */
export function createHubHandler(deps: HubDeps) {
  const { db, build, staticFiles, astro, routes = [] } = deps;
  const locals = { db, ...deps.locals };

  const notFound = createNotFound(staticFiles);

  async function health(res: ServerResponse) {
    try {
      await sql`select 1`.execute(db.db);
      sendJson(res, 200, { status: 'ok', build: build.id, builtAt: build.builtAt, database: db.dialect });
    } catch {
      sendJson(res, 503, { status: 'unavailable', build: build.id, database: db.dialect, error: 'database unreachable' });
    }
  }

  return function handle(req: IncomingMessage, res: ServerResponse): void {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
    const target = parsePath(req.url);
    if (!target) return sendText(res, 400, 'Bad request: malformed URL path\n');
    const isRead = req.method === 'GET' || req.method === 'HEAD';

    if (target.pathname === '/healthz') {
      if (!isRead) return sendText(res, 405, 'Method not allowed\n', { Allow: 'GET, HEAD' });
      void health(res);
      return;
    }

    for (const route of routes) {
      if (route(req, res, target)) return;
    }

    const found = staticFiles.lookup(target.pathname, target.search);
    if (found && isRead) {
      if (found.kind === 'redirect') {
        res.writeHead(301, { Location: found.location, 'Cache-Control': 'public, max-age=3600' });
        res.end();
        return;
      }
      return sendStaticFile(req, res, found.file);
    }

    runAstro(astro, req, res, locals, () =>
      found ? sendText(res, 405, 'Method not allowed\n', { Allow: 'GET, HEAD' }) : notFound(req, res),
    );
  };
}
