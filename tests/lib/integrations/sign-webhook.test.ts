import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { newWebhookSecret, signWebhook, webhookKey } from '../../../src/lib/integrations/sign-webhook.ts';

describe('signWebhook', () => {
  const body = JSON.stringify({ id: 'msg_1', type: 'share.created', createdAt: '2026-12-01T00:00:00.000Z', data: { code: 'abc' } });
  const timestamp = Math.floor(Date.now() / 1000);

  it('signs with a dashboard secret (whsec_) so that the standardwebhooks library verifies it', () => {
    const secret = newWebhookSecret();
    const headers = signWebhook(webhookKey(secret), 'msg_1', timestamp, body);
    expect(headers['webhook-id']).toBe('msg_1');
    expect(new Webhook(secret).verify(body, headers)).toMatchObject({ type: 'share.created' });
    expect(() => new Webhook(newWebhookSecret()).verify(body, headers)).toThrow();
  });

  it('uses any other WEBHOOK_SECRET as its bytes (verified with format: raw)', () => {
    const secret = 'a plain secret of 16+ characters';
    const headers = signWebhook(webhookKey(secret), 'msg_2', timestamp, body);
    expect(new Webhook(secret, { format: 'raw' }).verify(body, headers)).toMatchObject({ id: 'msg_1' });
    expect(() => new Webhook(secret, { format: 'raw' }).verify(body, { ...headers, 'webhook-id': 'msg_3' })).toThrow();
  });

  it('makes a different 24-byte secret each time', () => {
    const [a, b] = [newWebhookSecret(), newWebhookSecret()];
    expect(a).not.toBe(b);
    expect(webhookKey(a)).toHaveLength(24);
  });
});
