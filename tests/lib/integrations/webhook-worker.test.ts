import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../../src/lib/db/create-db.ts';
import { createWebhookEndpoints } from '../../../src/lib/integrations/create-webhook-endpoints.ts';
import { createWebhookSender, type WebhookSender } from '../../../src/lib/integrations/create-webhook-sender.ts';
import { createWebhookWorker } from '../../../src/lib/integrations/create-webhook-worker.ts';
import { enqueueEvent } from '../../../src/lib/integrations/enqueue-event.ts';
import { GIVE_UP_MS } from '../../../src/lib/integrations/retry-delay.ts';
import type { WebhookEventType } from '../../../src/lib/integrations/schema.ts';
import { createShareLinkService } from '../../../src/lib/referrals/create-share-link.ts';
import { recordConversion } from '../../../src/lib/referrals/record-conversion.ts';
import { migratedDatabases } from '../../helpers/migrated-db.ts';
import { startWebhookReceiver } from '../../helpers/webhook-receiver.ts';

/** Now (whole seconds): receivers refuse timestamps more than 5 minutes off. */
const T0 = Math.floor(Date.now() / 1000) * 1000;
const SITE = 'https://stories.example.com';
const ALL: WebhookEventType[] = ['share.created', 'conversion.created', 'win.reached', 'click.milestone', 'submission.received', 'submission.approved', 'submission.withdrawn'];

describe.each(migratedDatabases)('webhook delivery on $name', ({ open }) => {
  let handle: DbHandle;
  let sender: WebhookSender;
  let time: number;
  const now = () => time;
  const receivers: { close(): Promise<void> }[] = [];

  beforeEach(async () => {
    handle = await open();
    sender = createWebhookSender({ allowPrivate: true, timeoutMs: 300 });
    time = T0;
  });
  afterEach(async () => {
    for (const receiver of receivers.splice(0)) await receiver.close();
    await sender.close();
    await handle.close();
  });

  async function receiverWithEndpoint(respond?: Parameters<typeof startWebhookReceiver>[1], events = ALL, extra: { includeContact?: boolean; answer?: string } = {}) {
    const endpoints = createWebhookEndpoints({ db: handle.db, rules: { ownOrigins: [SITE], allowPrivate: true }, now });
    // The secret exists only once the endpoint does, so the receiver learns it after.
    let secret = '';
    const receiver = await startWebhookReceiver(undefined, respond, { answer: extra.answer });
    receivers.push(receiver);
    const added = await endpoints.add({ url: receiver.url, events, kind: 'standard', includeContact: extra.includeContact ?? false });
    secret = added.secret;
    const { Webhook } = await import('standardwebhooks');
    const verify = (message: (typeof receiver.received)[number]) => {
      new Webhook(secret).verify(message.body, message.headers as Record<string, string>);
      return true;
    };
    return { receiver, endpoints, endpoint: added.endpoint, verify };
  }

  const worker = () => createWebhookWorker({ db: handle.db, dialect: handle.dialect, sender, siteUrl: SITE, now });

  it('signs each event with the Standard Webhooks scheme and delivers it once', async () => {
    const { receiver, verify } = await receiverWithEndpoint();
    const shares = createShareLinkService(handle.db, now);
    const { link } = await shares.share({ storySlug: 'story-a', channel: 'x', name: 'Ana', advocateId: undefined, explicitParent: undefined, attributedParent: undefined });
    await recordConversion(handle.db, { goal: 'newsletter', code: link.code, time });

    await worker().run();
    await worker().run();

    expect(receiver.received.map((message) => message.json?.type).sort()).toEqual(['conversion.created', 'share.created']);
    for (const message of receiver.received) {
      expect(verify(message)).toBe(true);
      expect(message.headers['webhook-id']).toBe(message.json!.id);
      expect(message.headers['webhook-timestamp']).toBe(String(Math.floor(T0 / 1000)));
      expect(message.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
      expect(message.json!.createdAt).toBe(new Date(T0).toISOString());
    }
    const share = receiver.received.find((message) => message.json?.type === 'share.created')!.json!;
    expect(share.data).toEqual({ code: link.code, story: 'story-a', channel: 'x', generation: 1, parent: null, url: `${SITE}/r/${link.code}` });
    // Nothing personal: no advocate id or name, no visitor hash.
    expect(JSON.stringify(receiver.received.map((message) => message.json))).not.toMatch(/Ana|advocate/);
  });

  it('refuses a tampered body: the signature covers id, timestamp and body', async () => {
    const { receiver, verify } = await receiverWithEndpoint();
    await enqueueEvent(handle.db, 'share.created', { code: 'abc' }, time);
    await worker().run();
    const [message] = receiver.received;
    expect(verify(message!)).toBe(true);
    expect(() => verify({ ...message!, body: message!.body.replace('abc', 'abd') })).toThrow();
  });

  it('retries a 500 with backoff, then records the 200: same Webhook-Id both times, both attempts in the log', async () => {
    const { receiver, endpoints, endpoint } = await receiverWithEndpoint((n) => (n === 0 ? 500 : 200));
    const id = await enqueueEvent(handle.db, 'share.created', { code: 'abc' }, time);
    await worker().run();
    expect(receiver.received).toHaveLength(1);

    time += 4_000; // before the first retry (5 s)
    await worker().run();
    expect(receiver.received).toHaveLength(1);

    time += 1_000;
    await worker().run();
    expect(receiver.byId(id)).toHaveLength(2);
    time += 60_000;
    await worker().run();
    expect(receiver.byId(id)).toHaveLength(2);

    const log = await endpoints.log(endpoint.id);
    expect(log.map(({ attempt, ok, responseCode, responseBody, deliveryStatus }) => ({ attempt, ok, responseCode, responseBody, deliveryStatus }))).toEqual([
      { attempt: 2, ok: true, responseCode: 200, responseBody: 'ok', deliveryStatus: 'delivered' },
      { attempt: 1, ok: false, responseCode: 500, responseBody: 'receiver error', deliveryStatus: 'delivered' },
    ]);
    expect((await endpoints.getOrThrow(endpoint.id)).failingSince).toBeNull();
  });

  it('keeps the first 500 bytes of an answer and gives up on one that does not come within the timeout', async () => {
    const long = await receiverWithEndpoint(() => 200, ['share.created'], { answer: 'é'.repeat(1000) });
    await enqueueEvent(handle.db, 'share.created', { code: 'abc' }, time);
    await worker().run();
    const [entry] = await long.endpoints.log(long.endpoint.id);
    expect(Buffer.byteLength(entry!.responseBody)).toBeLessThanOrEqual(500);
    expect(entry!.responseBody.startsWith('éé')).toBe(true);

    const slow = await receiverWithEndpoint(() => 'hang', ['conversion.created']);
    await enqueueEvent(handle.db, 'conversion.created', { goal: 'x' }, time);
    await worker().run();
    const [timedOut] = await slow.endpoints.log(slow.endpoint.id);
    expect(timedOut).toMatchObject({ ok: false, responseCode: null, error: 'no answer within 0.3 s', deliveryStatus: 'pending' });
  });

  it('gives a delivery up after 24 hours of failures and disables the endpoint; enabling it tries again', async () => {
    let failing = true;
    const { receiver, endpoints, endpoint } = await receiverWithEndpoint(() => (failing ? 503 : 200), ['share.created']);
    const id = await enqueueEvent(handle.db, 'share.created', { code: 'abc' }, time);
    const end = T0 + GIVE_UP_MS + 60 * 60_000;
    while (time <= end) {
      await worker().run();
      time += 10 * 60_000;
    }
    const attempts = receiver.byId(id).length;
    // Exponential backoff: 5 s doubling up to an hour, over a day: far fewer than one per poll.
    expect(attempts).toBeGreaterThan(10);
    expect(attempts).toBeLessThan(45);
    const disabled = await endpoints.getOrThrow(endpoint.id);
    expect(disabled.disabledAt).not.toBeNull();
    expect((await endpoints.log(endpoint.id))[0]!.deliveryStatus).toBe('failed');

    // A disabled endpoint gets nothing new, until an editor enables it.
    const later = await enqueueEvent(handle.db, 'share.created', { code: 'def' }, time);
    await worker().run();
    expect(receiver.byId(later)).toHaveLength(0);
    failing = false;
    await endpoints.enable(endpoint.id);
    await enqueueEvent(handle.db, 'share.created', { code: 'ghi' }, time);
    await worker().run();
    expect(receiver.byId(later)).toHaveLength(0);
    expect(receiver.received.at(-1)!.json!.data.code).toBe('ghi');
    expect((await endpoints.getOrThrow(endpoint.id)).disabledAt).toBeNull();
  });

  it('sends each event once with two workers draining the outbox at the same time', async () => {
    const { receiver } = await receiverWithEndpoint(undefined, ['share.created']);
    const ids: string[] = [];
    for (let i = 0; i < 300; i++) ids.push(await enqueueEvent(handle.db, 'share.created', { code: `c${i}` }, time));
    const options = { db: handle.db, dialect: handle.dialect, sender, siteUrl: SITE, now, batchSize: 20, concurrency: 4 };
    await Promise.all([createWebhookWorker(options).run(), createWebhookWorker(options).run(), createWebhookWorker(options).run()]);
    expect(receiver.received).toHaveLength(300);
    expect(new Set(receiver.received.map((message) => message.headers['webhook-id']))).toEqual(new Set(ids));
  });

  it('sends only the events an endpoint chose, and test events and redeliveries on demand', async () => {
    const { receiver, endpoints, endpoint } = await receiverWithEndpoint(undefined, ['conversion.created']);
    await enqueueEvent(handle.db, 'share.created', { code: 'abc' }, time);
    const conversion = await enqueueEvent(handle.db, 'conversion.created', { goal: 'x' }, time);
    await worker().run();
    expect(receiver.received.map((message) => message.json?.type)).toEqual(['conversion.created']);

    const test = await endpoints.sendTest(endpoint.id);
    await worker().run();
    expect(receiver.byId(test)[0]!.json).toMatchObject({ type: 'webhook.test', data: { hub: SITE } });

    const [delivered] = (await endpoints.log(endpoint.id)).filter((entry) => entry.eventId === conversion);
    await endpoints.redeliver(endpoint.id, delivered!.deliveryId);
    await worker().run();
    expect(receiver.byId(conversion)).toHaveLength(2);
    await expect(endpoints.redeliver('other', delivered!.deliveryId)).rejects.toThrow(/no such delivery/);
  });

  it("adds a storyteller's name and email only for endpoints that include contact details, and nothing once withdrawn", async () => {
    const withContact = await receiverWithEndpoint(undefined, ['submission.received'], { includeContact: true });
    const without = await receiverWithEndpoint(undefined, ['submission.received']);
    const base = { token_hash: 'h', title: 'Mended boots', story: 'x'.repeat(60), cause: 'repair', consent_text: 'ok', consented_at: time, visitor: 'v', fingerprint: 'f', moderator_note: null, story_slug: null, photo: null, created_at: time, updated_at: time };
    await handle.db.insertInto('submissions').values({ ...base, id: 's1', status: 'pending', display_name: 'Rosa', email: 'rosa@example.com' }).execute();
    await handle.db.insertInto('submissions').values({ ...base, id: 's2', token_hash: 'h2', fingerprint: 'f2', status: 'withdrawn', title: '', cause: '', display_name: null, email: '' }).execute();
    await enqueueEvent(handle.db, 'submission.received', { submission: 's1' }, time);
    await enqueueEvent(handle.db, 'submission.received', { submission: 's2' }, time);
    await worker().run();

    const data = (receiver: typeof without.receiver) => receiver.received.map((message) => message.json!.data).sort((a, b) => String(a.submission).localeCompare(String(b.submission)));
    expect(data(withContact.receiver)).toEqual([
      { submission: 's1', title: 'Mended boots', cause: 'repair', status: 'pending', contact: { name: 'Rosa', email: 'rosa@example.com' } },
      { submission: 's2' },
    ]);
    expect(data(without.receiver)).toEqual([{ submission: 's1', title: 'Mended boots', cause: 'repair', status: 'pending' }, { submission: 's2' }]);
  });
});
