import { describe, expect, it } from 'vitest';
import { checkWebhookUrl } from '../../../src/lib/integrations/check-webhook-url.ts';

const production = { ownOrigins: ['https://stories.example.com', 'http://localhost:4321'], allowPrivate: false };
const resolve = async (host: string) => ({ 'hooks.example.com': ['93.184.215.14'], 'internal.example.com': ['10.0.0.7'], 'rebind.example.com': ['93.184.215.14', '127.0.0.1'] })[host] ?? [];

describe('checkWebhookUrl', () => {
  it.each([
    ['ftp://hooks.example.com/x', /http:\/\/ or https:\/\//],
    ['javascript:alert(1)', /http:\/\/ or https:\/\//],
    ['/relative/path', /absolute/],
    ['https://user:pass@hooks.example.com/', /user name or password/],
    ['https://stories.example.com/api/share', /this hub itself/],
    ['http://localhost:4321/dashboard', /this hub itself/],
    ['http://127.0.0.1:9000/hook', /loopback or private/],
    ['http://localhost:9000/hook', /loopback or private/],
    ['http://[::1]:9000/hook', /loopback or private/],
    ['http://10.1.2.3/hook', /loopback or private/],
    ['http://192.168.1.20/hook', /loopback or private/],
    ['http://169.254.169.254/latest/meta-data', /loopback or private/],
    ['http://[::ffff:127.0.0.1]/hook', /loopback or private/],
    ['https://internal.example.com/hook', /resolves to a loopback or private/],
    ['https://rebind.example.com/hook', /resolves to a loopback or private/],
    ['https://nowhere.example.com/hook', /could not be resolved|resolves/],
  ])('refuses %s in production', async (url, message) => {
    const check = await checkWebhookUrl(url, production, async (host) => {
      const found = await resolve(host);
      if (found.length === 0) throw new Error('ENOTFOUND');
      return found;
    });
    expect(check.ok).toBe(false);
    expect(!check.ok && check.message).toMatch(message);
  });

  it('accepts a public https URL and normalises it', async () => {
    expect(await checkWebhookUrl('https://HOOKS.example.com/tellwell?x=1', production, resolve)).toEqual({ ok: true, url: 'https://hooks.example.com/tellwell?x=1' });
  });

  it('allows loopback and private addresses when told to (NODE_ENV=test, WEBHOOKS_ALLOW_PRIVATE=true), never the hub itself', async () => {
    const allowed = { ...production, allowPrivate: true };
    expect(await checkWebhookUrl('http://127.0.0.1:9000/hook', allowed, resolve)).toEqual({ ok: true, url: 'http://127.0.0.1:9000/hook' });
    expect((await checkWebhookUrl('http://localhost:4321/x', allowed, resolve)).ok).toBe(false);
  });
});
