import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export type ReceivedWebhook = { headers: http.IncomingHttpHeaders; body: string; verified: boolean; json: { id: string; type: string; createdAt: string; data: Record<string, unknown> } | undefined };

/**
 * A real HTTP receiver for webhook tests: records every POST, checks its signature with the
 * standardwebhooks library (the reference implementation of the scheme), and answers with the
 * status `respond` returns for the n-th request (0-based; 200 by default), or never answers
 * when it returns 'hang'.
 */
export async function startWebhookReceiver(secret: string | undefined, respond: (n: number, body: string) => number | 'hang' = () => 200, options: { raw?: boolean; answer?: string } = {}) {
  const verifier = secret ? (options.raw ? new Webhook(secret, { format: 'raw' }) : new Webhook(secret)) : undefined;
  const received: ReceivedWebhook[] = [];
  let n = 0;
  const hanging = new Set<http.ServerResponse>();
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let verified = false;
      try {
        verifier?.verify(body, request.headers as Record<string, string>);
        verified = Boolean(verifier);
      } catch {
        verified = false;
      }
      let json: ReceivedWebhook['json'];
      try {
        json = JSON.parse(body);
      } catch {
        json = undefined;
      }
      received.push({ headers: request.headers, body, verified, json });
      const status = respond(n++, body);
      if (status === 'hang') {
        hanging.add(response);
        return;
      }
      response.writeHead(status, { 'content-type': 'text/plain' }).end(options.answer ?? (status < 300 ? 'ok' : 'receiver error'));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    /** Received messages whose Webhook-Id is `id`. */
    byId: (id: string) => received.filter((message) => message.headers['webhook-id'] === id),
    async close() {
      for (const response of hanging) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
