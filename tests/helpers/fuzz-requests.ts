import http from 'node:http';
import fc from 'fast-check';
import type { RouteSpec } from '../../src/server/http/route-spec.ts';

/** One malformed (or merely odd) request aimed at one route of the route table. */
export type FuzzRequest = {
  method: string;
  path: string;
  /** The path parameters were percent-encoded, so the request reaches the route it aims at. */
  onRoute: boolean;
  headers: Record<string, string>;
  body: string;
  chunked: boolean;
};

export type FuzzAnswer = { status: number; headers: http.IncomingHttpHeaders; body: string; ms: number };

/**
 * Routes whose errors, for a browser's form post, are the form page again with a message (README:
 * "Visitor stories and moderation"): the visitor-story forms, the dashboard's moderation forms and
 * its form that adds a webhook endpoint.
 */
const FORM_PAGE_HANDLERS = ['submitStory', 'editSubmission', 'moderate', 'addEndpoint'];

/** An answer slower than this is a hang. */
export const FUZZ_TIMEOUT_MS = 5_000;

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'TRACE', 'PROPFIND', 'MKCOL', 'LOCK', 'SEARCH'];
const TRICKY_SEGMENTS = [
  '', ' ', '.', '..', '%2e%2e', '..%2f..%2fetc%2fpasswd', '%00', '%', '%zz', '%c0%af', '//evil.example', 'https:%2f%2fevil.example',
  '\u202e', 'AAAAAAAAAA', 'ZZZZZZZZZZZZZZZZ', 'a'.repeat(250), '<script>alert(1)</script>', 'og', 'square', 'vertical', 'approve', 'reject',
  "' or 1=1 --", '${jndi:ldap://x}', '🙂', 'CON', 'index.html', '__proto__', 'constructor',
];
const CONTENT_TYPES = [
  'application/json', 'application/json; charset=utf-8', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=XyZ',
  'multipart/form-data', 'text/plain', 'application/xml', 'application/json; charset=utf-16', 'image/png', '*/*', ';;;',
];

/** A string of any code points (lone surrogates included) that may not survive encodeURIComponent. */
const anyText = (maxLength: number) => fc.string({ unit: 'binary', maxLength });

function encoded(value: string): string | undefined {
  try {
    return encodeURIComponent(value);
  } catch {
    return undefined;
  }
}

const segment = fc.oneof(
  // Bytes outside printable ASCII cannot go on the wire as they are: percent-encoded, like a browser does.
  // A segment that is empty, a dot segment, or carries / % ? # may reach another route than the one
  // aimed at ("raw"): URL normalisation (the app process's forwarder applies it too) removes dot segments.
  fc.constantFrom(...TRICKY_SEGMENTS).map((value) => ({ value: value.replace(/[^!-~]/gu, (char) => encoded(char) ?? ''), raw: value === '' || value === '.' || value === '..' || /[/%?#]/.test(value) })),
  anyText(40).map((value) => {
    const safe = encoded(value);
    return safe === undefined || safe === '' ? { value: 'x', raw: false } : { value: safe, raw: false };
  }),
  fc.stringMatching(/^[0-9A-Za-z-]{1,20}$/).map((value) => ({ value, raw: false })),
);

const body = fc.oneof(
  fc.constant(''),
  fc.json({ maxDepth: 3 }),
  fc.dictionary(fc.constantFrom('story', 'channel', 'name', 'parent', 'goal', 'win', 'csrf', 'title', 'cause', 'note', 'started', 'website', '__proto__'), fc.oneof(fc.json({ maxDepth: 1 }), anyText(30))).map((value) => JSON.stringify(value)),
  anyText(200),
  fc.constantFrom('{', '[]', 'null', '"x"', '{"goal":1}', 'story=a&channel=x&name=%E2%80%AE', '--XyZ\r\nContent-Disposition: form-data; name="a"\r\n\r\nb\r\n--XyZ--\r\n', '--XyZ\r\n\r\n'),
  fc.integer({ min: 1, max: 80 }).map((kb) => 'x'.repeat(kb * 1024)),
);

const headers = (token: string | undefined) =>
  fc.record(
    {
      'content-type': fc.oneof(fc.constantFrom(...CONTENT_TYPES), fc.stringMatching(/^[ -~]{0,40}$/)),
      'user-agent': fc.oneof(fc.constantFrom('Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0', 'curl/8.5.0', 'Twitterbot/1.0', ''), fc.stringMatching(/^[ -~]{0,80}$/)),
      cookie: fc.oneof(fc.constantFrom('hub_adv=forged.sig', 'hub_ref=AAAAAAAAAA.1.x', 'hub_session=x; hub_csrf=y', '=;=;'), fc.stringMatching(/^[ -~]{0,80}$/)),
      origin: fc.constantFrom('https://evil.example', 'null', 'http://localhost:4321'),
      authorization: fc.constantFrom(...(token ? [`Bearer ${token}`] : []), 'Bearer wrong-token-0000000000', 'Basic YTpi', 'Bearer'),
      'x-csrf-token': fc.stringMatching(/^[ -~]{0,40}$/),
      'sec-gpc': fc.constant('1'),
      accept: fc.constantFrom('text/html', 'application/json', '*/*', 'image/avif,image/webp'),
      range: fc.constantFrom('bytes=0-10', 'bytes=-1', 'bytes=abc'),
      'if-none-match': fc.constantFrom('"x"', '*', 'W/"y"'),
    },
    { requiredKeys: [] },
  );

/** Requests aimed at one route: its methods and every other, odd path parameters, headers and bodies. */
export function fuzzRequests(route: RouteSpec, token?: string): fc.Arbitrary<FuzzRequest> {
  const names = [...route.path.matchAll(/:(\w+)|\*/g)];
  return fc
    .record({
      method: fc.oneof(fc.constantFrom(...route.methods), fc.constantFrom(...METHODS)),
      params: fc.array(segment, { minLength: names.length, maxLength: names.length }),
      query: fc.oneof(fc.constant(''), fc.constantFrom('?csv=links', '?days=-1', '?from=2020-13-45&to=x', '?next=//evil.example', '?root=..', '?win=%00', '?a=%zz')),
      trailingSlash: fc.boolean(),
      headers: headers(token),
      body,
      chunked: fc.boolean(),
    })
    .map(({ method, params, query, trailingSlash, headers: sent, body: text, chunked }) => {
      let i = 0;
      const path = route.path.replace(/:(\w+)|\*/g, () => params[i++]!.value);
      const withSlash = trailingSlash && !path.endsWith('/') ? `${path}/` : path;
      const hasBody = !['GET', 'HEAD'].includes(method);
      return {
        method,
        path: `${withSlash}${query}`,
        onRoute: params.every((param) => !param.raw),
        headers: sent,
        body: hasBody ? text : '',
        chunked: hasBody && chunked,
      };
    });
}

/** Sends one fuzzed request over a fresh connection; resolves with the answer (or a status 0 on a hang or a reset). */
export function sendFuzzed(base: URL, request: FuzzRequest): Promise<FuzzAnswer> {
  const started = performance.now();
  return new Promise((resolve) => {
    const headers: Record<string, string> = { ...request.headers };
    // Framed either way: Node's client sends a body of OPTIONS, DELETE, TRACE, ... unframed unless told (the dispatcher's tests send unframed ones).
    if (request.body !== '') {
      if (request.chunked) headers['transfer-encoding'] = 'chunked';
      else headers['content-length'] = String(Buffer.byteLength(request.body));
    }
    const req = http.request({ host: base.hostname, port: base.port, method: request.method, path: request.path, headers, agent: false, timeout: FUZZ_TIMEOUT_MS }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString('utf8'), ms: performance.now() - started }));
      res.on('error', () => resolve({ status: 0, headers: {}, body: 'response broken off', ms: performance.now() - started }));
    });
    req.on('timeout', () => {
      req.destroy();
      resolve({ status: 0, headers: {}, body: 'no answer within 5 s', ms: performance.now() - started });
    });
    // A connection error before any answer (a reset, a response the client could not parse).
    req.on('error', (error) => resolve({ status: -1, headers: {}, body: String(error), ms: performance.now() - started }));
    if (request.body !== '') req.write(request.body);
    req.end();
  });
}

/**
 * What is wrong with an answer, or undefined: a connection broken off or no answer within 5 s,
 * a 5xx, or (on an API route the request reached) an error that is not
 * `{ "error": { "code", "message" } }` JSON.
 */
export function problemWith(route: RouteSpec, request: FuzzRequest, answer: FuzzAnswer): string | undefined {
  if (answer.status <= 0) return answer.body;
  if (answer.status >= 500) return `answered ${answer.status}: ${answer.body.slice(0, 200)}`;
  if (answer.ms > FUZZ_TIMEOUT_MS) return `answered after ${Math.round(answer.ms)} ms`;
  const formPage = FORM_PAGE_HANDLERS.includes(route.handler) && /^(multipart\/form-data|application\/x-www-form-urlencoded)/i.test(request.headers['content-type'] ?? '');
  if (route.answers === 'api' && request.onRoute && answer.status >= 400 && request.method !== 'HEAD' && !formPage) {
    if (!String(answer.headers['content-type'] ?? '').startsWith('application/json')) return `an API error as ${answer.headers['content-type']}`;
    let parsed: { error?: { code?: unknown; message?: unknown } };
    try {
      parsed = JSON.parse(answer.body);
    } catch {
      return `an API error that is not JSON: ${answer.body.slice(0, 100)}`;
    }
    if (typeof parsed.error?.code !== 'string' || typeof parsed.error.message !== 'string') return `an API error without { error: { code, message } }: ${answer.body.slice(0, 100)}`;
  }
  return undefined;
}
