import { createHash } from 'node:crypto';
import { readContent } from './read-content.ts';

const { brand, stories } = readContent();

/** A valid story as a visitor would type it; `n` makes it unique (duplicates are refused). */
export function storyFields(n: string | number = Math.random().toString(36).slice(2)): Record<string, string> {
  return {
    title: `Twelve winters in the same boots ${n}`,
    story: `I bought these boots in 2014 (${n}). They have been resoled three times at the repair cafe and **still** keep my feet dry.`,
    cause: brand.causes[0]!.slug,
    name: 'Ana Example',
    email: 'ana@example.com',
    consent: 'on',
  };
}

export const brandName = brand.name;
export const publishedStory = stories.find((story) => !story.draft)!;

/** What the hub stores for a private link (its secret is never stored). */
export const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

/** Talks to a running hub as a visitor and as an editor. */
export function submissionClient(base: string) {
  const request = (path: string, init: RequestInit = {}) => fetch(`${base}${path}`, { redirect: 'manual', ...init });

  /** The signed start stamp of a fresh /submit form. */
  async function started(): Promise<string> {
    const html = await (await request('/submit/')).text();
    return /name="started" value="([^"]+)"/.exec(html)![1]!;
  }

  /**
   * POSTs /api/submissions as multipart (the browser form), with an optional photo. Each post
   * comes from its own client address (X-Forwarded-For, which a hub with TRUST_PROXY believes)
   * unless `address` names one.
   */
  async function submit(fields: Record<string, string>, options: { userAgent?: string; address?: string; photo?: Blob; cookie?: string; stamp?: string } = {}) {
    const form = new FormData();
    form.set('started', options.stamp ?? (await started()));
    form.set('website', '');
    for (const [name, value] of Object.entries(fields)) form.set(name, value);
    if (options.photo) form.set('photo', options.photo, 'photo.jpg');
    return request('/api/submissions', {
      method: 'POST',
      body: form,
      headers: {
        'User-Agent': options.userAgent ?? `test-${Math.random()}`,
        'X-Forwarded-For': options.address ?? `10.${Math.floor(Math.random() * 256)}.${Math.floor(Math.random() * 256)}.${1 + Math.floor(Math.random() * 254)}`,
        ...(options.cookie ? { Cookie: options.cookie } : {}),
      },
    });
  }

  /** Signs in with the password; returns the cookies and a CSRF token for later posts. */
  async function login(password: string) {
    const page = await request('/dashboard/login/');
    const csrfCookie = page.headers.getSetCookie().find((cookie) => cookie.startsWith('hub_csrf='))!.split(';')[0]!;
    const csrf = /name="csrf" value="([^"]+)"/.exec(await page.text())![1]!;
    const response = await request('/dashboard/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: csrfCookie },
      body: new URLSearchParams({ csrf, password, next: '/dashboard/submissions/' }).toString(),
    });
    const session = response.headers.getSetCookie().find((cookie) => cookie.startsWith('hub_session='))?.split(';')[0];
    return { response, csrf, cookie: `${csrfCookie}; ${session}`, session };
  }

  return { request, started, submit, login };
}
