import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hubProcesses } from '../helpers/hub-processes.ts';
import { spawnHub } from '../helpers/spawn-hub.ts';
import { startTestHub } from '../helpers/start-test-hub.ts';
import { startWebhookReceiver } from '../helpers/webhook-receiver.ts';

/** Any WEBHOOK_SECRET that is not whsec_... is used as its bytes: receivers verify with format 'raw'. */
const SECRET = 'e2e webhook secret, 16+ characters';
const STORY = 'fourteen-winters-one-shell';

const until = async (what: string, done: () => boolean, ms = 30_000) => {
  const end = Date.now() + ms;
  while (!done()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

const share = (base: string, name = '') =>
  fetch(`${base}/api/share`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ story: STORY, channel: 'x', name }) });

describe('webhooks of a running hub (WEBHOOK_URL)', () => {
  let hub: Awaited<ReturnType<typeof startTestHub>>;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;

  beforeAll(async () => {
    // The first message is answered 500, every other 200.
    receiver = await startWebhookReceiver(SECRET, (n) => (n === 0 ? 500 : 200), { raw: true });
    hub = await startTestHub({ WEBHOOK_URL: receiver.url, WEBHOOK_SECRET: SECRET, WEBHOOK_EVENTS: 'share.created,conversion.created', NODE_ENV: 'test' });
  });
  afterAll(async () => {
    await hub?.close();
    await receiver?.close();
  });

  it('delivers each event signed, retries the one answered 500, and sends none twice once answered 200', async () => {
    const created = await share(hub.url, 'Ana');
    expect(created.status).toBe(201);
    const { code } = await created.json();
    const converted = await fetch(`${hub.url}/api/convert`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"goal":"newsletter"}' });
    expect(converted.status).toBe(204);

    // The 500 is retried 5 s later.
    await until('both events answered 200', () => new Set(receiver.received.slice(1).map((message) => message.headers['webhook-id'])).size === 2, 20_000);
    await new Promise((resolve) => setTimeout(resolve, 1_500));

    expect(receiver.received.every((message) => message.verified)).toBe(true);
    expect(receiver.received).toHaveLength(3);
    const [first, ...answered] = receiver.received;
    expect(answered.map((message) => message.headers['webhook-id'])).toContain(first!.headers['webhook-id']);
    const shareEvent = answered.find((message) => message.json?.type === 'share.created')!.json!;
    expect(shareEvent.data).toMatchObject({ code, story: STORY, channel: 'x', generation: 1, url: `http://localhost:4321/r/${code}` });
    expect(answered.find((message) => message.json?.type === 'conversion.created')!.json!.data).toEqual({ goal: 'newsletter', code: null, story: null });
  });
});

describe('a hub killed (SIGKILL) after an event was committed', () => {
  it('delivers the event after it starts again', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-kill-webhook-'));
    let answering = false;
    const receiver = await startWebhookReceiver(SECRET, () => (answering ? 200 : 'hang'), { raw: true });
    const env = { DATA_DIR: dataDir, WEBHOOK_URL: receiver.url, WEBHOOK_SECRET: SECRET, WEBHOOK_EVENTS: 'share.created', NODE_ENV: 'test' };
    let running = await spawnHub(env);
    try {
      expect((await share(running.base)).status).toBe(201);
      // The delivery is in flight (the receiver does not answer) when every process of the hub dies at once.
      await until('the attempt to arrive', () => receiver.received.length === 1);
      const processes = hubProcesses(running.server.pid!);
      expect(processes.map((child) => child.role)).toContain('app');
      running.server.kill('SIGKILL');
      for (const child of processes) process.kill(child.pid, 'SIGKILL');
      await running.exited;
      const id = receiver.received[0]!.headers['webhook-id'];

      answering = true;
      running = await spawnHub(env);
      // The dead attempt's claim runs out (three attempt timeouts), then the event goes again.
      await until('the event delivered after the restart', () => receiver.received.length === 2, 40_000);
      expect(receiver.received[1]!.headers['webhook-id']).toBe(id);
      expect(receiver.received[1]!.verified).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect(receiver.received).toHaveLength(2);
    } finally {
      if (running.server.exitCode === null) running.server.kill('SIGTERM');
      await running.exited;
      await receiver.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 90_000);
});

describe('a slack endpoint (WEBHOOK_KIND=slack)', () => {
  it('gets one chat message per win, with the milestone, the story, the win page and its celebration card', async () => {
    const receiver = await startWebhookReceiver(undefined);
    const hub = await startTestHub({ WEBHOOK_URL: receiver.url, WEBHOOK_KIND: 'slack', NODE_ENV: 'test' });
    try {
      expect((await share(hub.url, 'Ana')).status).toBe(201);
      await hub.services.momentum.flush();
      const [win] = await hub.services.momentum.reached('story', STORY);
      expect(win).toBeDefined();
      await until('the chat message', () => receiver.received.length >= 1, 15_000);
      await new Promise((resolve) => setTimeout(resolve, 1_500));

      const messages = receiver.received.map((message) => JSON.parse(message.body) as { text: string; attachments: Record<string, string>[] });
      // Only wins: the share itself is not posted to the chat.
      const forWin = messages.filter((message) => message.attachments[0]!.title_link === `http://localhost:4321/wins/${win!.id}/`);
      expect(forWin).toHaveLength(1);
      expect(forWin[0]!.text).toContain(win!.message);
      expect(forWin[0]!.attachments[0]!.image_url).toBe(`http://localhost:4321/cards/wins/${win!.id}/og.png`);
      expect(forWin[0]!.attachments[0]!.text).toContain(`/stories/${STORY}/|`);
      const card = await fetch(`${hub.url}/cards/wins/${win!.id}/og.png`);
      expect(card.status).toBe(200);
      expect(card.headers.get('content-type')).toBe('image/png');
    } finally {
      await hub.close();
      await receiver.close();
    }
  });
});
