import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance, FastifyReply, FastifyRequest, InjectOptions } from 'fastify';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { bodyOf } from '../../../src/server/http/body-parsers.ts';
import { createHttpApp, type Handler } from '../../../src/server/http/create-http-app.ts';
import { HttpError } from '../../../src/server/http/http-error.ts';
import type { RouteSpec } from '../../../src/server/http/route-spec.ts';
import type { DbHandle } from '../../../src/lib/db/create-db.ts';
import { createAbuseLimiter } from '../../../src/lib/limits/create-abuse-limiter.ts';
import { migratedDatabases } from '../../helpers/migrated-db.ts';

/** A small table with one route of each kind the hub's table uses. */
const routes: RouteSpec[] = [
  { methods: ['GET'], path: '/r/:code', handler: 'echo', answers: 'page', summary: 'a read' },
  { methods: ['POST'], path: '/api/things', handler: 'body', answers: 'api', body: { limit: 64, types: ['json', 'form'] }, sameOrigin: true, summary: 'a write' },
  { methods: ['POST'], path: '/api/upload', handler: 'body', answers: 'api', body: { limit: 64, types: ['multipart'], file: 1024 }, summary: 'an upload' },
  { methods: ['GET'], path: '/api/secret', handler: 'echo', answers: 'api', auth: 'token', summary: 'token only' },
  { methods: ['GET'], path: '/private/*', handler: 'echo', answers: 'page', auth: 'editor', summary: 'a guarded page' },
  { methods: ['POST'], path: '/private/act', handler: 'body', answers: 'api', body: { limit: 64, types: ['form'] }, auth: 'editor', csrf: true, summary: 'a guarded write' },
  { methods: ['GET'], path: '/boom', handler: 'boom', answers: 'api', summary: 'fails' },
  { methods: ['POST'], path: '/api/form', handler: 'ownErrors', answers: 'api', body: { limit: 64, types: ['form'] }, summary: 'answers its errors' },
  { methods: ['POST'], path: '/api/limited', handler: 'limited', answers: 'api', body: { limit: 64, types: ['json'] }, limit: ['share-client'], summary: 'a limited write' },
  { methods: ['GET'], path: '/*', handler: 'echo', answers: 'page', summary: 'the rest' },
];

const handlers: Record<string, Handler> = {
  echo: (request: FastifyRequest) => ({ params: request.params, caller: request.caller ?? null }),
  body: (request: FastifyRequest) => {
    const body = bodyOf(request);
    return { fields: body.fields, form: body.form, file: body.file ? body.file.data.length : null };
  },
  boom: () => {
    throw new Error('secret internals');
  },
  limited: (request: FastifyRequest) => {
    if (bodyOf(request).fields.fail === true) throw new HttpError('invalid_request', 'refused by the handler');
    return { ok: true };
  },
  ownErrors: {
    handle: () => {
      throw new HttpError('invalid_request', 'nope');
    },
    answerError: (error: HttpError, _request: FastifyRequest, reply: FastifyReply) => {
      reply.code(error.status).type('text/html').send(`<p>${error.message}</p>`);
      return true;
    },
  },
};

let app: FastifyInstance;
let database: DbHandle;
beforeAll(async () => {
  database = await migratedDatabases[0]!.open();
  // The real counters, in a real SQLite file: two hits a minute for everyone.
  const limiter = createAbuseLimiter(database.db);
  app = createHttpApp(routes, handlers, {
    takeLimits: async (_request, names) => {
      const taken = await limiter.take(names[0]!, 'everyone', { max: 2, per: 'minute' });
      if (!taken.allowed) throw new HttpError('rate_limited', 'slow down', { 'Retry-After': String(taken.retryAfterSeconds) });
      return taken.giveBack;
    },
    siteUrl: 'https://hub.example',
    trustProxy: false,
    authenticate: (request) =>
      request.headers.authorization === 'Bearer token' ? { name: 'api', via: 'token' } : request.headers.cookie === 'session=1' ? { name: 'editor', via: 'session' } : undefined,
    checkCsrf: (_request, fields) => {
      if (fields.csrf !== 'ok') throw new HttpError('forbidden_csrf', 'bad csrf');
    },
    unauthorizedMessage: (auth) => `${auth} needed`,
    sendErrorPage: (_request, reply, error) => reply.code(error.status).type('text/html; charset=utf-8').send(`<h1>${error.status}</h1>`),
  });
  await app.ready();
});
afterAll(async () => {
  await app.close();
  await database.close();
});

const inject = (options: InjectOptions) => app.inject(options);

describe('the dispatcher', () => {
  it('answers HEAD wherever GET is, with headers and no body', async () => {
    const response = await inject({ method: 'HEAD', url: '/r/abc' });
    expect(response.statusCode).toBe(200);
    expect(response.body).toBe('');
    expect(response.headers['content-type']).toMatch(/json/);
  });

  it.each([
    ['POST', '/r/abc', 'GET, HEAD', 'text/html'],
    ['DELETE', '/r/abc', 'GET, HEAD', 'text/html'],
    ['TRACE', '/', 'GET, HEAD', 'text/html'],
    ['PROPFIND', '/anything', 'GET, HEAD', 'text/html'],
    ['GET', '/api/things', 'POST', 'application/json'],
    ['PUT', '/api/things', 'POST', 'application/json'],
  ])('answers %s %s with 405 and Allow: %s, in the route kind\'s style', async (method, url, allow, type) => {
    const response = await inject({ method: method as 'GET', url, payload: method === 'GET' || method === 'TRACE' ? undefined : 'x', headers: { 'content-type': 'application/json' } });
    expect(response.statusCode).toBe(405);
    expect(response.headers.allow).toBe(allow);
    expect(response.headers['content-type']).toContain(type);
    if (type === 'application/json') expect(response.json().error.code).toBe('method_not_allowed');
  });

  it.each([
    ['a declared body over the limit', { 'content-type': 'application/json' }, JSON.stringify({ a: 'x'.repeat(100) }), 413, 'payload_too_large'],
    ['another content type', { 'content-type': 'text/plain' }, 'hello', 415, 'unsupported_media_type'],
    ['no content type', {}, 'hello', 415, 'unsupported_media_type'],
    ['broken JSON', { 'content-type': 'application/json' }, '{"a":', 400, 'invalid_request'],
    ['a JSON array', { 'content-type': 'application/json' }, '[1]', 400, 'invalid_request'],
    ['a JSON string', { 'content-type': 'application/json' }, '"a"', 400, 'invalid_request'],
    ['a prototype-poisoning key', { 'content-type': 'application/json' }, '{"__proto__":{"x":1}}', 400, 'invalid_request'],
  ])('refuses %s with %i and the JSON error shape', async (_case, headers, payload, status, code) => {
    const response = await inject({ method: 'POST', url: '/api/things', headers, payload });
    expect(response.statusCode).toBe(status);
    expect(response.json()).toEqual({ error: { code, message: expect.any(String) } });
  });

  it('reads JSON and HTML-form bodies into the same shape, the last of repeated form fields winning', async () => {
    const json = await inject({ method: 'POST', url: '/api/things', headers: { 'content-type': 'application/json; charset=utf-8' }, payload: '{"a":"1"}' });
    expect(json.json()).toEqual({ fields: { a: '1' }, form: false, file: null });
    const form = await inject({ method: 'POST', url: '/api/things', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'a=1&a=2&b=%C3%A9' });
    expect(form.json()).toEqual({ fields: { a: '2', b: 'é' }, form: true, file: null });
    const empty = await inject({ method: 'POST', url: '/api/things', headers: { 'content-type': 'application/json' }, payload: '' });
    expect(empty.json().fields).toEqual({});
  });

  it('reads a multipart form with one file, and refuses a file over its limit with 413', async () => {
    const boundary = 'XyZ';
    const part = (name: string, value: string, file?: string) =>
      `--${boundary}\r\nContent-Disposition: form-data; name="${name}"${file ? `; filename="${file}"\r\nContent-Type: image/jpeg` : ''}\r\n\r\n${value}\r\n`;
    const headers = { 'content-type': `multipart/form-data; boundary=${boundary}` };
    const ok = await inject({ method: 'POST', url: '/api/upload', headers, payload: `${part('title', 'Hi')}${part('photo', 'x'.repeat(500), 'a.jpg')}--${boundary}--\r\n` });
    expect(ok.json()).toEqual({ fields: { title: 'Hi' }, form: true, file: 500 });
    const big = await inject({ method: 'POST', url: '/api/upload', headers, payload: `${part('photo', 'x'.repeat(2000), 'a.jpg')}--${boundary}--\r\n` });
    expect(big.statusCode).toBe(413);
    const broken = await inject({ method: 'POST', url: '/api/upload', headers: { 'content-type': 'multipart/form-data' }, payload: 'x' });
    expect(broken.statusCode).toBe(400);
  });

  it('refuses a write another site started (Origin of another host) with 403', async () => {
    const response = await inject({ method: 'POST', url: '/api/things', headers: { 'content-type': 'application/json', origin: 'https://evil.example' }, payload: '{}' });
    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe('forbidden_origin');
    const same = await inject({ method: 'POST', url: '/api/things', headers: { 'content-type': 'application/json', origin: 'https://hub.example' }, payload: '{}' });
    expect(same.statusCode).toBe(200);
  });

  it('answers 401 with WWW-Authenticate on a token route, and takes the token but not a session there', async () => {
    const none = await inject({ url: '/api/secret' });
    expect(none.statusCode).toBe(401);
    expect(none.headers['www-authenticate']).toBe('Bearer');
    expect(none.json().error.message).toBe('token needed');
    expect((await inject({ url: '/api/secret', headers: { cookie: 'session=1' } })).statusCode).toBe(401);
    expect((await inject({ url: '/api/secret', headers: { authorization: 'Bearer token' } })).json().caller).toEqual({ name: 'api', via: 'token' });
  });

  it('sends a browser without a session from a guarded page to the sign-in page, keeping where it was going', async () => {
    const response = await inject({ url: '/private/links?sort=clicks' });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/dashboard/login/?next=%2Fprivate%2Flinks');
    expect((await inject({ url: '/private/links', headers: { cookie: 'session=1' } })).json().caller.via).toBe('session');
  });

  it('checks CSRF on session writes only (the token needs none)', async () => {
    const post = (headers: Record<string, string>, payload: string) =>
      inject({ method: 'POST', url: '/private/act', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, payload });
    expect((await post({ cookie: 'session=1' }, 'a=1')).statusCode).toBe(403);
    expect((await post({ cookie: 'session=1' }, 'csrf=ok')).statusCode).toBe(200);
    expect((await post({ authorization: 'Bearer token' }, 'a=1')).statusCode).toBe(200);
    expect((await post({}, 'csrf=ok')).statusCode).toBe(401);
  });

  it('turns an unexpected error into a generic 500 without its internals', async () => {
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (error: unknown) => errors.push(error);
    try {
      const response = await inject({ url: '/boom' });
      expect(response.statusCode).toBe(500);
      expect(response.json().error.code).toBe('internal_error');
      expect(response.body).not.toContain('secret internals');
      expect(errors).toHaveLength(1);
    } finally {
      console.error = original;
    }
  });

  it("lets a route answer its own errors (a form shown again), and uses the dispatcher's answer otherwise", async () => {
    const own = await inject({ method: 'POST', url: '/api/form', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'a=1' });
    expect(own.statusCode).toBe(400);
    expect(own.body).toBe('<p>nope</p>');
    const wrongType = await inject({ method: 'POST', url: '/api/form', headers: { 'content-type': 'text/plain' }, payload: 'a' });
    expect(wrongType.statusCode).toBe(415);
  });

  it.each([
    ['/r/%41bc', { code: 'Abc' }],
    ['/r/a%2Fb', { code: 'a/b' }],
    ['/r/abc/', { code: 'abc' }],
    ['/r/%E2%80%AE', { code: '\u202e' }],
  ])('decodes the parameters of %s before the handler sees them', async (url, params) => {
    expect((await inject({ url })).json().params).toEqual(params);
  });

  it.each(['/%', '/%zz/', '/r/%E0%A4%A'])('answers the malformed path %s with 400', async (url) => {
    const response = await inject({ url });
    expect(response.statusCode).toBe(400);
  });

  it('sets the security headers on every answer', async () => {
    for (const url of ['/r/abc', '/nowhere', '/boom']) {
      const response = await inject({ url });
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');
    }
  });
});

describe("a route's abuse limits", () => {
  const post = (payload: object) => inject({ method: 'POST', url: '/api/limited', payload, headers: { 'content-type': 'application/json' } });

  it('counts only requests whose handler succeeded, and answers the next over the limit with 429, Retry-After and the JSON error', async () => {
    expect((await post({ fail: true })).statusCode).toBe(400);
    expect((await post({ fail: true })).statusCode).toBe(400);
    expect((await post({})).statusCode).toBe(200);
    expect((await post({})).statusCode).toBe(200);
    const refused = await post({});
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(refused.json()).toEqual({ error: { code: 'rate_limited', message: 'slow down' } });
  });

  it('checks the body type before taking a hit (a 415 costs nothing)', async () => {
    const response = await inject({ method: 'POST', url: '/api/limited', payload: 'x', headers: { 'content-type': 'text/plain' } });
    expect(response.statusCode).toBe(415);
  });
});

describe('the dispatcher over a real socket', () => {
  let base: { host: string; port: number };
  beforeAll(async () => {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address() as AddressInfo;
    base = { host: '127.0.0.1', port: address.port };
  });

  /** Sends a chunked body (no Content-Length) of `size` bytes and reads the whole answer. */
  function postChunked(path: string, type: string, size: number): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      const req = http.request({ ...base, path, method: 'POST', headers: { 'content-type': type, 'transfer-encoding': 'chunked' } }, (res) => {
        let body = '';
        res.on('data', (chunk) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode!, body }));
      });
      req.on('error', reject);
      for (let sent = 0; sent < size; sent += 16) req.write('x'.repeat(16));
      req.end();
    });
  }

  it.each([
    ['JSON', '/api/things', 'application/json', 4096],
    ['multipart', '/api/upload', 'multipart/form-data; boundary=XyZ', 64 * 1024],
  ])('answers a chunked %s body over the limit with 413 and the JSON error before closing', async (_case, path, type, size) => {
    const response = await postChunked(path, type, size);
    expect(response.status).toBe(413);
    expect(JSON.parse(response.body).error.code).toBe('payload_too_large');
  });

  it.each([
    ['JSON', '/api/things', 'application/json'],
    ['multipart', '/api/upload', 'multipart/form-data; boundary=XyZ'],
  ])('logs no error when a client goes away in the middle of a %s body, and keeps answering others', async (_case, path, type) => {
    const errors = vi.spyOn(console, 'error');
    try {
      await new Promise<void>((resolve) => {
        const socket = net.connect(base.port, base.host, () => {
          socket.write(`POST ${path} HTTP/1.1\r\nHost: hub.example\r\nContent-Type: ${type}\r\nContent-Length: 60\r\n\r\n--XyZ\r\nContent-Disposition: form-data; name="a"\r\n\r\n`);
          setTimeout(() => {
            socket.destroy();
            resolve();
          }, 100);
        });
      });
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(errors).not.toHaveBeenCalled();
      expect((await fetch(`http://${base.host}:${base.port}/r/abc`)).status).toBe(200);
    } finally {
      errors.mockRestore();
    }
  });

  /** Writes raw bytes on a fresh connection and reads all that comes back until the server closes it. */
  function raw(bytes: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(base.port, base.host, () => socket.write(bytes));
      let answer = '';
      socket.on('data', (chunk) => (answer += chunk));
      socket.on('close', () => resolve(answer));
      socket.on('error', reject);
    });
  }

  it.each([
    ['a body after a request that has no framing for one', 'OPTIONS /api/things HTTP/1.1\r\nHost: hub.example\r\n\r\n{"a":1}\r\n\r\n'],
    ['a broken header line', 'GET /r/abc HTTP/1.1\r\nHost hub.example\r\n\r\n'],
    ['a bad chunk size', 'POST /api/things HTTP/1.1\r\nHost: hub.example\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n'],
  ])('answers %s (refused by the HTTP parser) with the JSON error and closes the connection', async (_case, bytes) => {
    const answer = await raw(bytes);
    const status = answer.match(/HTTP\/1\.1 (\d+)/g)!.at(-1);
    expect(status).toBe('HTTP/1.1 400');
    expect(answer).toContain('Connection: close');
    expect(JSON.parse(answer.slice(answer.lastIndexOf('\r\n\r\n') + 4)).error.code).toBe('invalid_request');
  });

  it('routes a parameter longer than 200 characters to its route, not to the catch-all', async () => {
    const response = await inject({ method: 'GET', url: `/r/${'a'.repeat(5000)}` });
    expect(response.json()).toEqual({ params: { code: 'a'.repeat(5000) }, caller: null });
  });
});
