import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import querystring from 'node:querystring';
import replyFrom from '@fastify/reply-from';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { clientAddress } from './cookies.ts';
import { HttpError } from './http-error.ts';

/** Headers only a trusted proxy may set; a counting process passes on its own reading of them instead. */
const PROXY_HEADERS = ['x-forwarded-for', 'x-forwarded-proto', 'x-forwarded-host', 'cf-ipcountry', 'cloudfront-viewer-country', 'x-vercel-ip-country', 'x-country-code'];

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
    const forwarded: IncomingHttpHeaders = { ...headers, host: (request.raw as IncomingMessage).headers.host };
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
      return reply.from(request.url, {
        rewriteRequestHeaders,
        onError: (failed) => {
          failed.send(new HttpError('unavailable', 'This part of the hub is restarting; please try again in a few seconds.', { 'Retry-After': '5' }));
        },
      });
    },
  };
}

export type Forwarder = ReturnType<typeof createForwarder>;
