import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub } from '../helpers/start-test-hub.ts';
import { submissionClient } from '../helpers/submission-client.ts';
import { startWebhookReceiver } from '../helpers/webhook-receiver.ts';

const PASSWORD = 'e2e editor password 42';
const ENV_SECRET = 'whsec_ZW52LWRlZmluZWQtZW5kcG9pbnQtc2VjcmV0';

let hub: Awaited<ReturnType<typeof startTestHub>>;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
let client: ReturnType<typeof submissionClient>;
let editor: Awaited<ReturnType<ReturnType<typeof submissionClient>['login']>>;

const until = async (what: string, done: () => boolean, ms = 15_000) => {
  const end = Date.now() + ms;
  while (!done()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

function editorPost(pathname: string, fields: Record<string, string>, session = editor) {
  return client.request(pathname, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: session.cookie },
    body: new URLSearchParams({ csrf: session.csrf, ...fields }).toString(),
  });
}

const allEvents = { 'event:share.created': 'on', 'event:win.reached': 'on' };

beforeAll(async () => {
  receiver = await startWebhookReceiver(undefined);
  hub = await startTestHub({ HUB_ADMIN_PASSWORD: PASSWORD, WEBHOOK_URL: `${receiver.url}?from=env`, WEBHOOK_SECRET: ENV_SECRET, WEBHOOK_EVENTS: 'win.reached', NODE_ENV: 'test' });
  client = submissionClient(hub.url);
  editor = await client.login(PASSWORD);
});
afterAll(async () => {
  await hub?.close();
  await receiver?.close();
});

describe('/dashboard/integrations/', () => {
  it('is for signed-in editors only', async () => {
    const page = await client.request('/dashboard/integrations/', { redirect: 'manual' });
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toMatch(/^\/dashboard\/login/);
    const add = await client.request('/dashboard/integrations/endpoints', { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'url=https://x.example.com' });
    expect(add.status).toBe(401);
  });

  it('shows the endpoint WEBHOOK_URL defines as such, without remove', async () => {
    const html = await (await client.request('/dashboard/integrations/', { headers: { Cookie: editor.cookie } })).text();
    expect(html).toContain('environment (WEBHOOK_URL)');
    expect(html).toContain(`${receiver.url}?from=env`);
    const detail = await (await client.request('/dashboard/integrations/env/', { headers: { Cookie: editor.cookie } })).text();
    expect(detail).toContain('the environment (WEBHOOK_URL, WEBHOOK_SECRET)');
    expect(detail).not.toContain('>Remove<');
    expect(detail).not.toContain(ENV_SECRET);
    expect((await editorPost('/dashboard/integrations/env/remove', {})).status).toBe(409);
  });

  it.each([
    ['ftp://hooks.example.com/x', 'must start with http:// or https://'],
    ['http://localhost:4321/dashboard', 'points at this hub itself'],
    ['not a url', 'must be absolute'],
  ])('refuses %s with a message next to the field, keeping what was typed', async (url, message) => {
    const typed = url;
    const response = await editorPost('/dashboard/integrations/endpoints', { url: typed, kind: 'standard', ...allEvents });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain(message);
    expect(html).toContain(`value="${typed}"`);
  });

  it('refuses a form without the CSRF token', async () => {
    const response = await client.request('/dashboard/integrations/endpoints', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: editor.cookie },
      body: new URLSearchParams({ url: receiver.url, ...allEvents }).toString(),
    });
    expect(response.status).toBe(403);
  });

  it('adds an endpoint, shows its secret once, sends a signed test event, logs it and redelivers it', async () => {
    const response = await editorPost('/dashboard/integrations/endpoints', { url: receiver.url, kind: 'standard', ...allEvents, includeContact: 'on' });
    expect(response.status).toBe(201);
    const html = await response.text();
    const secret = /data-secret>(whsec_[A-Za-z0-9+/=]+)</.exec(html)![1]!;
    const id = /href="\/dashboard\/integrations\/([0-9A-Za-z]{12})\/"/.exec(html)![1]!;

    // Listed, never with its secret again.
    const list = await (await client.request('/dashboard/integrations/', { headers: { Cookie: editor.cookie } })).text();
    expect(list).toContain(receiver.url);
    expect(list).not.toContain(secret);
    expect(await (await client.request(`/dashboard/integrations/${id}/`, { headers: { Cookie: editor.cookie } })).text()).not.toContain(secret);

    const test = await editorPost(`/dashboard/integrations/${id}/test`, {});
    expect(test.status).toBe(303);
    expect(test.headers.get('location')).toBe(`/dashboard/integrations/${id}/?done=test`);
    await until('the test event', () => receiver.received.some((message) => message.json?.type === 'webhook.test'));
    const message = receiver.received.find((entry) => entry.json?.type === 'webhook.test')!;
    expect(new Webhook(secret).verify(message.body, message.headers as Record<string, string>)).toMatchObject({ type: 'webhook.test' });

    // The attempt is recorded right after the receiver answers: poll the page until it shows.
    let page = '';
    for (let i = 0; i < 100 && !page.includes('delivered (200)'); i++) {
      if (i > 0) await new Promise((resolve) => setTimeout(resolve, 100));
      page = await (await client.request(`/dashboard/integrations/${id}/`, { headers: { Cookie: editor.cookie } })).text();
    }
    expect(page).toContain('delivered (200)');
    expect(page).toContain('<code>webhook.test</code>');
    const delivery = /name="delivery" value="([0-9A-Za-z]{16})"/.exec(page)![1]!;

    const again = await editorPost(`/dashboard/integrations/${id}/redeliver`, { delivery });
    expect(again.status).toBe(303);
    await until('the redelivery', () => receiver.byId(message.headers['webhook-id'] as string).length === 2);
    expect((await editorPost(`/dashboard/integrations/${id}/redeliver`, { delivery: 'A'.repeat(16) })).status).toBe(404);

    const removed = await editorPost(`/dashboard/integrations/${id}/remove`, {});
    expect(removed.headers.get('location')).toBe('/dashboard/integrations/?done=remove');
    expect((await client.request(`/dashboard/integrations/${id}/`, { headers: { Cookie: editor.cookie } })).status).toBe(404);
  });
});

describe('a slack endpoint added in the dashboard', () => {
  it('gets the test event as a chat message, and only wins after that', async () => {
    const chat = await startWebhookReceiver(undefined);
    try {
      const response = await editorPost('/dashboard/integrations/endpoints', { url: chat.url, kind: 'slack', 'event:share.created': 'on' });
      expect(response.status).toBe(201);
      const id = /href="\/dashboard\/integrations\/([0-9A-Za-z]{12})\/"/.exec(await response.text())![1]!;
      const detail = await (await client.request(`/dashboard/integrations/${id}/`, { headers: { Cookie: editor.cookie } })).text();
      expect(detail).toContain('<dt>Events</dt><dd>win.reached</dd>');
      expect((await editorPost(`/dashboard/integrations/${id}/test`, {})).status).toBe(303);
      await until('the chat message', () => chat.received.length === 1);
      expect(JSON.parse(chat.received[0]!.body)).toEqual({ text: expect.stringMatching(/^Test message from .*: this channel will get a message per win\.$/) });
    } finally {
      await chat.close();
    }
  });
});

describe('/dashboard/integrations/ in production (private addresses not allowed)', () => {
  it('refuses a loopback receiver with a message', async () => {
    const production = await startTestHub({ HUB_ADMIN_PASSWORD: PASSWORD, WEBHOOKS_ALLOW_PRIVATE: 'false' });
    try {
      const productionClient = submissionClient(production.url);
      const session = await productionClient.login(PASSWORD);
      const response = await productionClient.request('/dashboard/integrations/endpoints', {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: session.cookie },
        body: new URLSearchParams({ csrf: session.csrf, url: receiver.url, ...allEvents }).toString(),
      });
      expect(response.status).toBe(400);
      expect(await response.text()).toContain('loopback or private network address');
    } finally {
      await production.close();
    }
  });
});
