import http from 'node:http';
import { debuglog } from 'node:util';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest, type RouteOptions } from 'fastify';
import { answerClientError } from './answer-client-error.ts';
import { bodyOf, MEDIA_TYPES, mediaTypeOf, registerBodyParsers } from './body-parsers.ts';
import { checkOrigin } from './check-origin.ts';
import type { Forwarder } from './create-forwarder.ts';
import { HttpError } from './http-error.ts';
import { sendJson } from './replies.ts';
import type { LimitName } from '../../lib/limits/limit-names.ts';
import { specOf, type BodyType, type RouteAuth, type RouteSpec } from './route-spec.ts';
import { toHttpError } from './to-http-error.ts';

/** A route's code: reads the parsed request, answers through the reply (or hijacks it for raw writes). */
export type HandlerFn = (request: FastifyRequest, reply: FastifyReply) => unknown;

/**
 * A handler, or a handler that may answer its own errors (`answerError` returns true when it
 * did): a browser form sent back with what was typed and a message per field, instead of the
 * dispatcher's error answer.
 */
export type Handler = HandlerFn | { handle: HandlerFn; answerError(error: HttpError, request: FastifyRequest, reply: FastifyReply): boolean };

/** Who is calling, as the auth guard found them (the session or the bearer token). */
export type Caller = { name: string; via: 'session' | 'token' };

export type DispatcherDeps = {
  siteUrl: string;
  trustProxy: boolean;
  /** The signed-in editor or the automation token; `auth: 'token'` routes accept only the latter. */
  authenticate(request: FastifyRequest): Caller | undefined;
  /** Throws 403 unless the request carries this browser's CSRF token (form field or header). */
  checkCsrf(request: FastifyRequest, fields: Record<string, unknown>): void;
  /** The message a 401 carries, e.g. how to get a token. */
  unauthorizedMessage(auth: RouteAuth): string;
  /** Answers an error on a page route with the site's HTML error page. */
  sendErrorPage(request: FastifyRequest, reply: FastifyReply, error: HttpError): unknown;
  /** Takes one hit of each named abuse limit (throws the 429), answering how to give them back. */
  takeLimits(request: FastifyRequest, names: readonly LimitName[]): Promise<() => Promise<void>>;
  /** In a counting process: where routes that `runsIn: 'app'` go (the app process answers them whole). */
  forwarder?: Forwarder;
};

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the auth guard on routes with `auth`. */
    caller: Caller | undefined;
    /** Set on routes with `limit`: gives the request's hits back when its handler fails. */
    giveBackLimits: (() => Promise<void>) | undefined;
  }
}

const SECURITY_HEADERS: [string, string][] = [
  ['X-Content-Type-Options', 'nosniff'],
  ['Referrer-Policy', 'strict-origin-when-cross-origin'],
  ['X-Frame-Options', 'SAMEORIGIN'],
];

/** Every method Node parses (but CONNECT, a proxy's), so that each gets a 405 rather than a 404 or a 500. */
const ALL_METHODS = http.METHODS.filter((method) => method !== 'CONNECT');

const BODY_NAMES: Record<BodyType, string> = {
  json: 'JSON (application/json)',
  form: 'an HTML form (application/x-www-form-urlencoded)',
  multipart: 'a multipart form (multipart/form-data)',
  text: 'JSON as text/plain (navigator.sendBeacon)',
};

/** The handler of the route a request reached, unless it reached one of the path's 405 answers. */
function handlerFor(request: FastifyRequest, handlers: Record<string, Handler>): Handler | undefined {
  const spec = specOf(request);
  const method = request.method === 'HEAD' ? 'GET' : request.method;
  return spec && (spec.methods as readonly string[]).includes(method) ? handlers[spec.handler] : undefined;
}

/** Sends a browser that is not signed in to the sign-in page; everything else gets 401. */
function sendToSignIn(request: FastifyRequest, reply: FastifyReply): boolean {
  const spec = specOf(request);
  if (spec?.answers !== 'page' || (request.method !== 'GET' && request.method !== 'HEAD')) return false;
  const next = request.url.split('?')[0]!;
  reply.code(303).header('Location', `/dashboard/login/?next=${encodeURIComponent(next)}`).header('Cache-Control', 'no-store').send();
  return true;
}

/** Debug-level log lines (NODE_DEBUG=hub shows them). */
const debug = debuglog('hub');

/** The client closed the connection before its request was read: nobody is left to answer, nothing went wrong here. */
const clientWentAway = (request: FastifyRequest, caught: unknown): boolean =>
  (request.raw.destroyed && !request.raw.complete) || (caught as { code?: string } | undefined)?.code === 'ECONNRESET';

function sendError(request: FastifyRequest, reply: FastifyReply, deps: DispatcherDeps, caught: unknown, handler: Handler | undefined) {
  if (clientWentAway(request, caught)) {
    debug('client went away during %s %s (%s)', request.method, request.url.split('?')[0], (caught as Error | undefined)?.message ?? 'closed');
    reply.raw.destroy();
    return;
  }
  const error = toHttpError(caught, specOf(request));
  if (reply.sent || reply.raw.headersSent) {
    reply.raw.destroy();
    return;
  }
  if (handler && typeof handler !== 'function' && handler.answerError(error, request, reply)) return;
  reply.headers(error.headers);
  if (specOf(request)?.answers === 'page') return deps.sendErrorPage(request, reply, error);
  const fields = error.fields ? { fields: error.fields } : {};
  sendJson(reply, { error: { code: error.code, message: error.message, ...fields } }, error.status);
}

/** A limited route's handler: when it fails, the write did not happen, so its hits of the limits are given back before the error is answered. */
function giveBackOnFailure(handle: HandlerFn): HandlerFn {
  return async (request, reply) => {
    try {
      return await handle(request, reply);
    } catch (error) {
      await request.giveBackLimits?.();
      throw error;
    }
  };
}

/** Fastify route options of one spec: limits and guards as route hooks, the spec itself as config. */
function routeOptions(spec: RouteSpec, handler: Handler, deps: DispatcherDeps): Omit<RouteOptions, 'method' | 'url'> {
  const onRequest: RouteOptions['onRequest'] = [];
  if (spec.auth) {
    const auth = spec.auth;
    onRequest.push(async (request, reply) => {
      const caller = deps.authenticate(request);
      if (!caller || (auth === 'token' && caller.via !== 'token')) {
        if (sendToSignIn(request, reply)) return reply;
        throw new HttpError('unauthorized', deps.unauthorizedMessage(auth), { 'WWW-Authenticate': 'Bearer' });
      }
      request.caller = caller;
    });
  }
  if (spec.sameOrigin) onRequest.push(async (request) => checkOrigin(request.headers, deps.siteUrl));
  const types = spec.body?.types ?? [];
  const accepted = types.map((type) => MEDIA_TYPES[type]);
  const preParsing: RouteOptions['preParsing'] = async (request) => {
    if (!accepted.includes(mediaTypeOf(request.headers['content-type']))) {
      throw new HttpError('unsupported_media_type', `Send ${types.map((type) => BODY_NAMES[type]).join(' or ')}.`);
    }
  };
  const preHandler: RouteOptions['preHandler'] = [];
  if (spec.csrf) {
    preHandler.push(async (request) => {
      if (request.caller?.via === 'session') deps.checkCsrf(request, bodyOf(request).fields);
    });
  }
  const limits = spec.limit ?? [];
  if (limits.length > 0) {
    preHandler.push(async (request) => {
      request.giveBackLimits = await deps.takeLimits(request, limits);
    });
  }
  const handle = typeof handler === 'function' ? handler : handler.handle;
  return {
    handler: limits.length === 0 ? handle : giveBackOnFailure(handle),
    config: spec,
    ...(spec.body ? { bodyLimit: spec.body.limit } : {}),
    ...(onRequest.length > 0 ? { onRequest } : {}),
    ...(spec.body ? { preParsing } : {}),
    ...(preHandler.length > 0 ? { preHandler } : {}),
  };
}

/**
 * Every method of a path that runs in the app process goes there as it came: no body is read here
 * (the parser passes the stream on), no guard runs twice; the app answers 405, 413, 401 and the rest itself.
 */
function forwardPath(app: FastifyInstance, path: string, spec: RouteSpec, forwarder: Forwarder) {
  app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    // The body is handed on as the unread stream it is: reply-from pipes it to the app process.
    scope.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
    // `methods: []` in the config: a failed forward is answered in the route's style, never by its handler.
    scope.route({ method: ALL_METHODS, url: path, config: { ...spec, methods: [] }, handler: forwarder.forward });
  });
}

/**
 * The hub's dispatcher: Fastify over the route table. It answers HEAD wherever GET is, 405 with
 * Allow for every other method on a known path, 413 and 415 from each route's body spec, 400 for
 * malformed URLs, and every error in one style: JSON `{ error: { code, message } }` on API routes,
 * the HTML error page on pages. Unknown errors are logged and answered as a generic 500.
 */
export function createHttpApp(routes: readonly RouteSpec[], handlers: Record<string, Handler>, deps: DispatcherDeps): FastifyInstance {
  const app = Fastify({
    logger: false,
    trustProxy: deps.trustProxy,
    keepAliveTimeout: 65_000,
    return503OnClosing: true,
    clientErrorHandler: answerClientError,
    routerOptions: {
      ignoreTrailingSlash: true,
      // As long as a request line can be (Node's 16 KB header limit): an over-long parameter still
      // reaches its route, whose validation answers it (a JSON 404 on an API route), never the site's 404 page.
      maxParamLength: 16_384,
      onBadUrl: (_path, _req, res) => {
        res.writeHead(400, { ...Object.fromEntries(SECURITY_HEADERS), 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
        res.end('Bad request: malformed URL path\n');
      },
    },
  });
  for (const method of ALL_METHODS) if (!app.supportedMethods.includes(method)) app.addHttpMethod(method, { hasBody: true });
  app.decorateRequest('caller', undefined);
  app.decorateRequest('giveBackLimits', undefined);
  registerBodyParsers(app);
  // A callback hook, not an async one: no promise per request on the hot path.
  app.addHook('onRequest', (_request, reply, done) => {
    for (const [name, value] of SECURITY_HEADERS) reply.raw.setHeader(name, value);
    done();
  });

  const byPath = new Map<string, RouteSpec[]>();
  for (const spec of routes) byPath.set(spec.path, [...(byPath.get(spec.path) ?? []), spec]);
  const { forwarder } = deps;
  forwarder?.register(app);
  for (const [path, specs] of byPath) {
    if (forwarder && specs.every((spec) => spec.runsIn === 'app')) {
      forwardPath(app, path, specs[0]!, forwarder);
      continue;
    }
    const declared = specs.flatMap((spec) => spec.methods);
    for (const spec of specs) {
      const handler = handlers[spec.handler];
      if (!handler) throw new Error(`The route table names a handler "${spec.handler}" that does not exist`);
      app.route({ method: [...spec.methods], url: path, ...routeOptions(spec, handler, deps) });
    }
    const allow = declared.includes('GET') ? ['GET', 'HEAD', ...declared.filter((method) => method !== 'GET')] : declared;
    const refused = ALL_METHODS.filter((method) => !allow.includes(method));
    const methodNotAllowed = new HttpError('method_not_allowed', `Use ${allow.join(' or ')} here.`, { Allow: allow.join(', ') });
    app.route({
      method: refused,
      url: path,
      config: specs[0],
      // Before any body is read: a POST to a read-only path is a 405, whatever it carries.
      onRequest: async () => {
        throw methodNotAllowed;
      },
      handler: async () => undefined,
    });
  }

  app.setErrorHandler((error, request, reply) => sendError(request, reply, deps, error, handlerFor(request, handlers)));
  app.setNotFoundHandler((request, reply) => {
    sendError(request, reply, deps, new HttpError('method_not_allowed', 'Use GET or HEAD.', { Allow: 'GET, HEAD' }), undefined);
  });
  return app;
}
