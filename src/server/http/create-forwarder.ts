import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import querystring from 'node:querystring';
import replyFrom from '@fastify/reply-from';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { clientAddress } from './cookies.ts';
import { HttpError } from './http-error.ts';

/** Headers only a trusted proxy may set; a counting process passes on its own reading of them instead. */
const PROXY_HEADERS = ['x-forwarded-for', 'x-forwarded-proto', 'x-forwarded-host', 'cf-ipcountry', 'cloudfront-viewer-country', 'x-vercel-ip-country', 'x-country-code'];

/**
 * Methods whose body is passed on. Any other method's body (a GET, OPTIONS or TRACE may carry one)
 * is dropped: Node's client would send it unframed, and the app process would read it as the
 * start of the next request on that pooled connection.
 */
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

const decodable = (url: string): boolean => {
  try {
    decodeURIComponent(url);
    return true;
  } catch {
    return false;
  }
};

/**
 * Forwarding to the app process over its Unix socket (`@fastify/reply-from`): the request goes
 * as it came (method, path, headers, the body streamed unread), with the client's address and
 * scheme as this process read them (X-Forwarded-For/-Proto: the app trusts them because only the
 * hub's own processes can reach the socket). While the app process is down the answer is a 503.
 */
export function createForwarder(options: { socketPath: string; trustProxy: boolean; siteUrl: string }) {
  const base = `unix+http://${querystring.escape(options.socketPath)}/`;
  const https = options.siteUrl.startsWith('https:');

  function rewriteRequestHeaders(request: { raw: IncomingMessage | object }, headers: IncomingHttpHeaders): IncomingHttpHeaders {
    // reply-from names the socket as the host; pages and the same-origin check need the visitor's.
    const raw = request.raw as IncomingMessage;
    const forwarded: IncomingHttpHeaders = { ...headers, host: raw.headers.host };
    if (!BODY_METHODS.has(raw.method ?? '')) delete forwarded['transfer-encoding'];
    if (!options.trustProxy) for (const name of PROXY_HEADERS) delete forwarded[name];
    const proto = options.trustProxy ? String(headers['x-forwarded-proto'] ?? '').split(',')[0]!.trim() : '';
    forwarded['x-forwarded-for'] = clientAddress(request.raw as IncomingMessage, options.trustProxy);
    forwarded['x-forwarded-proto'] = proto || (https ? 'https' : 'http');
    return forwarded;
  }

  return {
    /** Registers the forwarding plugin on the dispatcher (call before its routes are mounted). */
    register(app: FastifyInstance): void {
      app.register(replyFrom, { base, http: { agentOptions: { keepAlive: true, maxSockets: 64 } }, disableRequestLogging: true });
    },
    /** The handler of every route that runs in the app process. */
    forward(request: FastifyRequest, reply: FastifyReply) {
      // reply-from decodes the whole URL first and throws a URIError (a 500) on a malformed escape.
      if (!decodable(request.url)) throw new HttpError('invalid_request', 'The address has a malformed percent-encoding (such as %zz).');
      return reply.from(request.url, {
        ...(BODY_METHODS.has(request.method) ? {} : { body: null }),
        rewriteRequestHeaders,
        onError: (failed) => {
          failed.send(new HttpError('unavailable', 'This part of the hub is restarting; please try again in a few seconds.', { 'Retry-After': '5' }));
        },
      });
    },
  };
}

export type Forwarder = ReturnType<typeof createForwarder>;
