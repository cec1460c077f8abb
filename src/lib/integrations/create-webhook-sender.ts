import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';
import type { Agent } from 'undici';
import { isPrivateAddress } from './is-private-address.ts';

/** What an attempt got back: a status (0 when no answer came) and the first 500 bytes of the body. */
export type SendResult = { ok: boolean; status: number; body: string; error: string | null; durationMs: number };

export const RESPONSE_BYTES = 500;

/**
 * A lookup that refuses loopback and private addresses, checked when the connection is made (a
 * host name that passed at creation may resolve elsewhere later).
 */
const publicOnlyLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
    if (error) return callback(error, '', 4);
    const refused = addresses.find((entry) => isPrivateAddress(entry.address));
    if (refused) return callback(Object.assign(new Error(`${hostname} resolves to a private address (${refused.address})`), { code: 'EPRIVATE' }), '', 4);
    if ((options as { all?: boolean }).all) return (callback as unknown as (error: null, addresses: LookupAddress[]) => void)(null, addresses);
    callback(null, addresses[0]!.address, addresses[0]!.family);
  });
};

/**
 * POSTs webhook messages over kept-alive connections, `timeoutMs` per attempt (connecting,
 * answering and reading included), and keeps the first 500 bytes of the answer. Unless
 * `allowPrivate`, connections to loopback and private addresses are refused. undici is loaded
 * at the first message: processes that never send (the counting ones) start without it.
 */
export function createWebhookSender(options: { timeoutMs?: number; allowPrivate: boolean }) {
  const timeoutMs = options.timeoutMs ?? 5_000;
  let client: Promise<{ agent: Agent; request: typeof import('undici').request }> | undefined;
  const open = () =>
    (client ??= import('undici').then(({ Agent, request }) => ({
      agent: new Agent({
        connections: 64,
        keepAliveTimeout: 10_000,
        ...(options.allowPrivate ? {} : { connect: { lookup: publicOnlyLookup } }),
      }),
      request,
    })));

  return {
    async send(url: string, headers: Record<string, string>, body: string): Promise<SendResult> {
      const started = performance.now();
      const durationMs = () => Math.round(performance.now() - started);
      try {
        const { agent, request } = await open();
        const response = await request(url, {
          method: 'POST',
          dispatcher: agent,
          headers: { 'content-type': 'application/json', 'user-agent': 'Tellwell-Webhooks/1', ...headers },
          body,
          signal: AbortSignal.timeout(timeoutMs),
        });
        const chunks: Buffer[] = [];
        let length = 0;
        for await (const chunk of response.body) {
          chunks.push(chunk as Buffer);
          length += (chunk as Buffer).length;
          if (length >= RESPONSE_BYTES) break;
        }
        const text = Buffer.concat(chunks).subarray(0, RESPONSE_BYTES).toString('utf8');
        const ok = response.statusCode >= 200 && response.statusCode < 300;
        return { ok, status: response.statusCode, body: text, error: ok ? null : `answered ${response.statusCode}`, durationMs: durationMs() };
      } catch (error) {
        const reason = (error as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs / 1000} s` : String((error as Error).message ?? error);
        return { ok: false, status: 0, body: '', error: reason.slice(0, 300), durationMs: durationMs() };
      }
    },
    async close() {
      if (client) await (await client).agent.close();
    },
  };
}

export type WebhookSender = ReturnType<typeof createWebhookSender>;
