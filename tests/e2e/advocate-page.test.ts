import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningHub } from '../../src/server/start-hub.ts';
import { readContent } from '../helpers/read-content.ts';
import { startTestHub } from '../helpers/start-test-hub.ts';

const BROWSER = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15';
const stories = readContent().stories.filter((story) => !story.draft);

let hub: RunningHub;
beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(() => hub?.close());

const request = (path: string, init: RequestInit = {}) => fetch(`${hub.url}${path}`, { redirect: 'manual', ...init });
const cookieOf = (response: Response) => response.headers.getSetCookie().find((cookie) => cookie.startsWith('hub_adv='))?.split(';')[0];

async function share(story: string, name: string | undefined, cookie?: string) {
  const response = await request('/api/share', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(cookie ? { Cookie: cookie } : {}) },
    body: JSON.stringify({ story, channel: 'whatsapp', name }),
  });
  return { body: await response.json(), cookie: cookieOf(response) ?? cookie };
}

describe('/me: an advocate\'s own page', () => {
  it('invites a browser that has not shared yet', async () => {
    const response = await request('/me/');
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('private, no-store');
    expect(await response.text()).toContain('Nothing shared from this browser yet');
  });

  it('shows only this advocate\'s links and numbers, escaped, and opens on another device through the private link', async () => {
    const ana = await share(stories[0]!.slug, 'Ana & Co');
    expect(ana.body.code).toBeTruthy();
    await request(`/r/${ana.body.code}`, { headers: { 'User-Agent': BROWSER } });
    const other = await share(stories[1]!.slug, 'Someone Else');

    const page = await (await request('/me/', { headers: { Cookie: ana.cookie! } })).text();
    expect(page).toContain('Thank you, Ana &amp; Co');
    expect(page).toContain(stories[0]!.title);
    expect(page).toContain(`/cards/links/${ana.body.code}/og.png`);
    expect(page).not.toContain(other.body.code);
    expect(page).not.toContain('Someone Else');
    expect(page).toMatch(/<p class="tile__number"[^>]*>1<\/p><p[^>]*>Clicks<\/p>/);

    const recovery = /id="recovery-link"[^>]*value="([^"]+)"/.exec(page)?.[1] ?? /value="([^"]+)"[^>]*id="recovery-link"/.exec(page)?.[1];
    expect(recovery).toMatch(/\/me\/recover\/[A-Za-z0-9_.-]+\/$/);
    const opened = await request(new URL(recovery!).pathname);
    expect(opened.status).toBe(303);
    expect(opened.headers.get('location')).toBe('/me/');
    const elsewhere = cookieOf(opened)!;
    expect(await (await request('/me/', { headers: { Cookie: elsewhere } })).text()).toContain(stories[0]!.title);
  });

  it.each([
    '/me/recover/not-a-real-token-at-all-000/',
    '/me/recover/recover.AAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAAAAAAA/',
    '/me/recover/x/',
  ])('answers a wrong recovery link %s with the 404 page and no cookie', async (path) => {
    const response = await request(path);
    expect(response.status).toBe(404);
    expect(cookieOf(response)).toBeUndefined();
  });

  it('ignores a forged advocate cookie', async () => {
    const response = await request('/me/', { headers: { Cookie: 'hub_adv=someone.forged-signature' } });
    expect(await response.text()).toContain('Nothing shared from this browser yet');
  });
});
