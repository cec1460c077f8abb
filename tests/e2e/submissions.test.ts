import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import sharp from 'sharp';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storySchema } from '../../src/lib/stories/schema.ts';
import type { RunningHub } from '../../src/server/start-hub.ts';
import { startTestHub } from '../helpers/start-test-hub.ts';
import { brandName, publishedStory, storyFields, submissionClient, tokenHash } from '../helpers/submission-client.ts';

const PASSWORD = 'e2e editor password 42';
const TOKEN = 'e2e-admin-token-0123456789';

let hub: RunningHub & { dataDir: string };
let content: string;
let media: string;
let client: ReturnType<typeof submissionClient>;
let editor: Awaited<ReturnType<ReturnType<typeof submissionClient>['login']>>;

beforeAll(async () => {
  content = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-content-'));
  media = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-media-'));
  hub = await startTestHub({
    HUB_ADMIN_PASSWORD: PASSWORD,
    HUB_ADMIN_TOKEN: TOKEN,
    CONTENT_DIR: content,
    MEDIA_DIR: media,
    SUBMISSION_MIN_SECONDS: '0',
    SUBMISSIONS_PER_DAY: '3',
    // Each test client posts from its own address (X-Forwarded-For), as visitors behind a proxy do.
    TRUST_PROXY: 'true',
  });
  client = submissionClient(hub.url);
  editor = await client.login(PASSWORD);
});
afterAll(async () => {
  await hub?.close();
  fs.rmSync(content, { recursive: true, force: true });
  fs.rmSync(media, { recursive: true, force: true });
});

/** Markup a visitor's words must never turn into (the same words escaped, as text, are fine). */
const UNSAFE = /<img src="?x|<[^>]+\son[a-z]+=|href="javascript/i;
const db = () => new Database(path.join(hub.dataDir, 'hub.db'), { readonly: true });
const tokenOf = (location: string) => /^\/submissions\/([0-9A-Za-z]+)\/\?sent=1$/.exec(location)![1]!;
const photoWithGps = () =>
  sharp({ create: { width: 1200, height: 900, channels: 3, background: '#3a7' } })
    .jpeg()
    .withExif({ IFD0: { Make: 'PhoneCo' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '54/1 19/1 0/1' } })
    .toBuffer();

async function editorPost(pathname: string, fields: Record<string, string> = {}, headers: Record<string, string> = {}) {
  return client.request(pathname, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: editor.cookie, ...headers },
    body: new URLSearchParams({ csrf: editor.csrf, ...fields }).toString(),
  });
}

function readStory(file: string) {
  const [, frontmatter, body] = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(fs.readFileSync(file, 'utf8'))!;
  return { data: storySchema.parse(parseYaml(frontmatter!)), body: body!.trim() };
}

describe('a visitor story from /submit to a draft in content/stories/', () => {
  it('is sent with a photo, credited to the referral link, moderated and approved into a valid story file', async () => {
    const form = await client.request('/submit/');
    expect(form.status).toBe(200);
    const html = await form.text();
    expect(html).toContain(`I agree that ${brandName} may publish my story`);
    expect(html).toMatch(/<input id="consent" name="consent" type="checkbox" required(?! checked)/);

    // The visitor came through a share link: the submission is that link's conversion.
    const shared = await (await client.request('/api/share', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ story: publishedStory.slug, channel: 'x' }),
    })).json();
    const click = await client.request(`/r/${shared.code}`, { headers: { 'User-Agent': 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0' } });
    const attribution = click.headers.getSetCookie()[0]!.split(';')[0]!;

    const fields: Record<string, string> = { ...storyFields('happy'), story: `${storyFields('happy').story}\n\n<img src=x onerror=alert(1)> [click](javascript:alert(1))` };
    const sent = await client.submit(fields, { photo: new Blob([await photoWithGps()], { type: 'image/jpeg' }), cookie: attribution });
    expect(sent.status).toBe(303);
    const location = sent.headers.get('location')!;
    const token = tokenOf(location);

    const thanks = await client.request(location);
    expect(thanks.status).toBe(200);
    expect(thanks.headers.get('cache-control')).toBe('private, no-store');
    const thanksHtml = await thanks.text();
    expect(thanksHtml).toContain('Thank you for your story');
    expect(thanksHtml).toContain(`/submissions/${token}/`);
    expect(thanksHtml).toContain('<meta name="robots" content="noindex">');
    expect(thanksHtml).not.toMatch(UNSAFE);

    const photo = await client.request(`/submissions/${token}/photo.jpg`);
    expect(photo.headers.get('content-type')).toBe('image/jpeg');
    const photoMeta = await sharp(Buffer.from(await photo.arrayBuffer())).metadata();
    expect(photoMeta.exif).toBeUndefined();

    const stats = await (await client.request(`/api/stats/links/${shared.code}`, { headers: { Authorization: `Bearer ${TOKEN}` } })).json();
    expect(stats.conversions).toBe(1);

    const queue = await client.request('/dashboard/submissions/', { headers: { Cookie: editor.cookie } });
    expect(queue.status).toBe(200);
    const queueHtml = await queue.text();
    expect(queueHtml).toContain(fields.title);
    const id = new RegExp(`href="/dashboard/submissions/([0-9A-Za-z]+)/">${fields.title}`).exec(queueHtml)![1]!;

    const detail = await (await client.request(`/dashboard/submissions/${id}/`, { headers: { Cookie: editor.cookie } })).text();
    expect(detail).toContain('ana@example.com');
    expect(detail).toContain(`I agree that ${brandName} may publish my story`);
    expect(detail).toContain('<strong>still</strong>');
    expect(detail).not.toMatch(UNSAFE);

    const edited = await editorPost(`/dashboard/submissions/${id}/edit`, { title: 'Twelve winters, one pair of boots', story: fields.story, cause: fields.cause, name: 'Ana E.' });
    expect(edited.status).toBe(303);
    const approved = await editorPost(`/dashboard/submissions/${id}/approve`);
    expect(approved.status).toBe(303);
    expect(approved.headers.get('location')).toBe(`/dashboard/submissions/${id}/?done=approve`);

    const file = path.join(content, 'stories', 'twelve-winters-one-pair-of-boots.md');
    const { data, body } = readStory(file);
    expect(data).toMatchObject({
      title: 'Twelve winters, one pair of boots',
      slug: 'twelve-winters-one-pair-of-boots',
      origin: 'community',
      draft: true,
      submission: id,
      customer: { name: 'Ana E.' },
      hero: { image: '/images/community/twelve-winters-one-pair-of-boots.jpg' },
    });
    expect(body).toContain('**still**');
    expect(body).not.toMatch(/<img|(?<!\\)\]\(javascript:/);
    expect(fs.existsSync(path.join(media, 'community', 'twelve-winters-one-pair-of-boots.jpg'))).toBe(true);
    expect(fs.existsSync(path.resolve('content/stories/twelve-winters-one-pair-of-boots.md'))).toBe(false);

    const status = await (await client.request(`/submissions/${token}/`)).text();
    expect(status).toContain('Accepted');
    expect(status).not.toContain('Edit your story');
  });

  it('answers JSON clients with 201 and the private link', async () => {
    const response = await client.request('/api/submissions', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'User-Agent': 'json-client' },
      body: JSON.stringify({ ...storyFields('json'), consent: true, started: await client.started() }),
    });
    expect(response.status).toBe(201);
    const body = await response.json();
    expect(body).toEqual({ id: expect.stringMatching(/^[0-9A-Za-z]{12}$/), status: 'pending', statusUrl: expect.stringMatching(/^http:\/\/localhost:4321\/submissions\/[0-9A-Za-z]+\/$/) });
  });
});

describe('bad input on /submit', () => {
  const valid = storyFields('invalid');
  it.each([
    ['title', { title: '' }, 'Please give your story a title'],
    ['title', { title: 'x'.repeat(161) }, 'The title can be at most 160 characters.'],
    ['story', { story: 'Too short to be a story.' }, 'at least 50 characters'],
    ['story', { story: 'y'.repeat(10_001) }, 'at most 10,000 characters'],
    ['cause', { cause: '' }, 'Please choose the cause your story relates to.'],
    ['cause', { cause: 'not-a-cause' }, 'Please choose one of the causes in the list.'],
    ['name', { name: 'Ana <b>' }, 'Your name cannot contain'],
    ['email', { email: 'not-an-email' }, 'Please give a valid email address'],
    ['email', { email: '' }, 'Please give a valid email address'],
    ['consent', { consent: '' }, 'Please tick the box'],
  ])('shows the %s error next to its field and keeps what was typed (%o)', async (field, change, message) => {
    const fields: Record<string, string> = { ...valid, ...change };
    if (fields.consent === '') delete fields.consent;
    const response = await client.submit(fields);
    expect(response.status).toBe(400);
    const html = await response.text();
    const slot = new RegExp(`id="${field}-error" data-error-for="${field}">([^<]*)<`).exec(html)?.[1] ?? '';
    expect(slot.replace(/&#39;/g, "'")).toContain(message.replace(/&/g, '&amp;'));
    expect(html).toContain('nothing you typed was lost');
    if (field !== 'story') expect(html).toContain(valid.story.replace(/\*\*/g, '**').slice(0, 40));
    if (field !== 'email') expect(html).toContain('value="ana@example.com"');

    const json = await client.request('/api/submissions', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'User-Agent': `json-${field}` },
      body: JSON.stringify({ ...fields, started: await client.started() }),
    });
    expect(json.status).toBe(400);
    expect((await json.json()).error).toMatchObject({ code: 'invalid_request', fields: { [field]: expect.stringContaining(message.slice(0, 20)) } });
  });

  it('refuses a photo over 5 MB with 413, and keeps the fields sent before it', async () => {
    const response = await client.submit(storyFields('big'), { photo: new Blob([Buffer.alloc(5 * 1024 * 1024 + 10, 1)], { type: 'image/jpeg' }) });
    expect(response.status).toBe(413);
    const html = await response.text();
    expect(html).toContain('This photo is larger than 5 MB: choose a smaller one.');
    expect(html).toContain(`value="${storyFields('big').title}"`);
  });

  it('refuses a file that is not a JPEG, PNG or WebP image, whatever it claims', async () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>';
    const response = await client.submit(storyFields('svg'), { photo: new Blob([svg], { type: 'image/jpeg' }) });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('Choose a JPEG, PNG or WebP image');
  });

  it('refuses other content types with 415', async () => {
    const response = await client.request('/api/submissions', { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: 'my story' });
    expect(response.status).toBe(415);
    expect((await response.json()).error.code).toBe('unsupported_media_type');
  });

  it('refuses a declared body over the limit with 413 before reading it', async () => {
    const response = await client.request('/api/submissions', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ story: 'z'.repeat(70_000) }),
    });
    expect(response.status).toBe(413);
  });
});

describe('spam and abuse', () => {
  it('refuses a filled-in honeypot', async () => {
    const response = await client.submit({ ...storyFields('bot'), website: 'http://spam.example' });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('This looks automated');
  });

  it('refuses a post without the form start stamp, or with a forged one', async () => {
    for (const stamp of ['', '1700000000000.forged']) {
      const response = await client.submit(storyFields(`stamp-${stamp}`), { stamp });
      expect(response.status).toBe(400);
    }
  });

  it('takes one story per form stamp: a stamp sent again is refused, from any browser or address', async () => {
    const stamp = await client.started();
    expect((await client.submit(storyFields('stamp-once'), { stamp })).status).toBe(303);
    for (let i = 0; i < 3; i += 1) {
      const again = await client.submit(storyFields(`stamp-again-${i}`), { stamp });
      expect(again.status).toBe(400);
      expect(await again.text()).toContain('This form was already sent once');
    }
    // The form shown again carries a fresh stamp, which works.
    expect((await client.submit(storyFields('stamp-fresh'))).status).toBe(303);
  });

  it('refuses the same story twice with 409', async () => {
    const fields = storyFields('twice');
    expect((await client.submit(fields)).status).toBe(303);
    const again = await client.submit(fields);
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('We have already received this story');
  });

  it('limits one client address to SUBMISSIONS_PER_DAY whatever the browser, until the UTC day ends, without storing the address', async () => {
    const address = '192.0.2.77';
    const userAgent = 'rate-limited-visitor';
    for (let i = 0; i < 3; i += 1) expect((await client.submit(storyFields(`rate-${i}`), { address, userAgent: `${userAgent} ${i}` })).status).toBe(303);
    const fourth = await client.submit(storyFields('rate-4'), { address, userAgent: 'a brand new browser' });
    expect(fourth.status).toBe(429);
    const untilMidnight = Math.ceil((Math.ceil(Date.now() / 86_400_000) * 86_400_000 - Date.now()) / 1000);
    expect(Math.abs(Number(fourth.headers.get('retry-after')) - untilMidnight)).toBeLessThanOrEqual(5);
    expect(await fourth.text()).toContain('Several stories were sent from your network today already');
    expect((await client.submit(storyFields('rate-other'), { address: '192.0.2.78', userAgent })).status).toBe(303);

    const database = db();
    const dump = JSON.stringify(database.prepare('select * from submissions').all());
    database.close();
    expect(dump).not.toContain('127.0.0.1');
    expect(dump).not.toContain(address);
    expect(dump).not.toContain(userAgent);
  });

  it('refuses a post from another site', async () => {
    const response = await client.request('/api/submissions', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: 'https://evil.example' },
      body: JSON.stringify(storyFields('evil')),
    });
    expect(response.status).toBe(403);
  });
});

describe('the private link', () => {
  it('lets the visitor edit while pending, and then withdraw: everything they sent is erased', async () => {
    const sent = await client.submit(storyFields('edit-me'), { photo: new Blob([await photoWithGps()], { type: 'image/jpeg' }) });
    const token = tokenOf(sent.headers.get('location')!);
    const form = new FormData();
    for (const [name, value] of Object.entries({ ...storyFields('edit-me'), title: 'My boots, edited' })) if (name !== 'email') form.set(name, value);
    const edited = await client.request(`/submissions/${token}/edit`, { method: 'POST', body: form });
    expect(edited.status).toBe(303);
    expect(await (await client.request(`/submissions/${token}/`)).text()).toContain('My boots, edited');

    const withdrawn = await client.request(`/submissions/${token}/withdraw`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: '' });
    expect(withdrawn.status).toBe(303);
    const page = await (await client.request(`/submissions/${token}/`)).text();
    expect(page).toContain('Story withdrawn');
    expect(page).not.toContain('My boots, edited');
    expect((await client.request(`/submissions/${token}/photo.jpg`)).status).toBe(404);
    const database = db();
    const row = database.prepare('select * from submissions where token_hash = ?').get(tokenHash(token)) as Record<string, unknown>;
    database.close();
    expect(row).toMatchObject({ status: 'withdrawn', title: '', story: '', email: '', display_name: null, photo: null, consent_text: '' });
    expect(fs.readdirSync(path.join(hub.dataDir, 'submissions')).filter((name) => name.startsWith(String(row.id)))).toEqual([]);
  });

  it('answers an unknown link with 404', async () => {
    expect((await client.request('/submissions/NoSuchTokenNoSuchTokenNoSuch/')).status).toBe(404);
  });
});

describe('withdrawing a published story', () => {
  it('takes down the story, its share links, its counts and its photo, and tells the listeners', async () => {
    // In this temporary content folder, a visitor story titled like a built story gets the
    // built story's slug: that lets the test share, click and count it like a published one.
    const fields: Record<string, string> = { ...storyFields('published'), title: publishedStory.title };
    const sent = await client.submit(fields, { photo: new Blob([await photoWithGps()], { type: 'image/jpeg' }) });
    const token = tokenOf(sent.headers.get('location')!);
    const id = (await (await client.request('/api/dashboard/submissions', { headers: { Authorization: `Bearer ${TOKEN}` } })).json())
      .submissions.find((item: { title: string }) => item.title === publishedStory.title).id;
    const approved = await client.request(`/dashboard/submissions/${id}/approve`, { method: 'POST', headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' }, body: '{}' });
    expect(approved.status).toBe(200);
    const { slug, file } = await approved.json();
    expect(slug).toBe(publishedStory.slug);

    const shared = await (await client.request('/api/share', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ story: slug, channel: 'email', name: 'Rosa' }) })).json();
    const cardUrls = [`/cards/stories/${slug}/og.png`, `/cards/stories/${slug}/square.png`, `/cards/links/${shared.code}/og.png`];
    const cardFiles: string[] = [];
    for (const url of cardUrls) {
      const card = await client.request(url);
      expect(card.status).toBe(200);
      cardFiles.push(path.join(hub.dataDir, 'cards', `${card.headers.get('etag')!.replaceAll('"', '')}.png`));
    }
    await expect.poll(() => cardFiles.every((file) => fs.existsSync(file))).toBe(true);
    await client.request(`/r/${shared.code}`, { headers: { 'User-Agent': 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0' } });
    const before = await (await client.request(`/api/public/stories/${slug}`)).json();
    expect(before.shares).toBeGreaterThanOrEqual(1);

    const withdrawn = await client.request(`/submissions/${token}/withdraw`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    expect(withdrawn.status).toBe(200);

    expect(fs.existsSync(file)).toBe(false);
    expect(fs.existsSync(path.join(media, 'community', `${slug}.jpg`))).toBe(false);
    expect((await client.request(`/stories/${slug}/`)).status).toBe(410);
    expect((await client.request(`/api/public/stories/${slug}`)).status).toBe(404);
    for (const url of cardUrls) expect((await client.request(url)).status, url).toBe(404);
    expect(cardFiles.filter((file) => fs.existsSync(file))).toEqual([]);
    expect((await client.request(`/r/${shared.code}`, { headers: { 'User-Agent': 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0' } })).status).toBe(404);
    const database = db();
    const counts = database
      .prepare('select (select count(*) from share_links where story_slug = ?) as links, (select count(*) from story_daily where story_slug = ?) as daily, (select count(*) from clicks where code = ?) as clicks')
      .get(slug, slug, shared.code);
    database.close();
    expect(counts).toEqual({ links: 0, daily: 0, clicks: 0 });
  });
});

describe('the dashboard requires a login', () => {
  it.each(['/dashboard', '/dashboard/', '/dashboard/submissions/', '/dashboard/submissions/AAAAAAAAAAAA/', '/dashboard/anything'])(
    'sends a browser from %s to the login page',
    async (pathname) => {
      const response = await client.request(pathname);
      expect(response.status).toBe(303);
      expect(response.headers.get('location')).toBe(`/dashboard/login/?next=${encodeURIComponent(pathname)}`);
    },
  );

  it.each([
    ['GET', '/api/dashboard/submissions'],
    ['GET', '/dashboard/submissions/AAAAAAAAAAAA/photo.jpg'],
    ['POST', '/dashboard/submissions/AAAAAAAAAAAA/approve'],
    ['POST', '/dashboard/submissions/AAAAAAAAAAAA/reject'],
    ['POST', '/dashboard/submissions/AAAAAAAAAAAA/request-changes'],
    ['POST', '/dashboard/submissions/AAAAAAAAAAAA/edit'],
    ['POST', '/dashboard/logout'],
  ])('answers %s %s with 401', async (method, pathname) => {
    const response = await client.request(pathname, { method, headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: method === 'POST' ? '' : undefined });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
  });

  it('refuses a wrong password and a forged session cookie', async () => {
    const wrong = await client.login('not the password');
    expect(wrong.response.status).toBe(401);
    expect(wrong.session).toBeUndefined();
    const forged = await client.request('/dashboard/', { headers: { Cookie: 'hub_session=editor.99999999999999.x.y' } });
    expect(forged.status).toBe(303);
  });

  it('sets the session cookie httpOnly and SameSite=Lax, and accepts the API token', async () => {
    const { response } = await client.login(PASSWORD);
    expect(response.headers.getSetCookie().find((cookie) => cookie.startsWith('hub_session='))).toMatch(/; Path=\/; Max-Age=43200; HttpOnly; SameSite=Lax$/);
    const api = await client.request('/api/dashboard/submissions', { headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(api.status).toBe(200);
  });

  it('marks the cookie Secure behind an HTTPS proxy when TRUST_PROXY is set', async () => {
    const secureHub = await startTestHub({ HUB_ADMIN_PASSWORD: PASSWORD, TRUST_PROXY: 'true' });
    try {
      const page = await fetch(`${secureHub.url}/dashboard/login/`, { headers: { 'X-Forwarded-Proto': 'https' } });
      expect(page.headers.getSetCookie()[0]).toMatch(/; HttpOnly; SameSite=Lax; Secure$/);
    } finally {
      await secureHub.close();
    }
  });
});

describe('CSRF', () => {
  it('refuses a signed-in POST without the CSRF token, or with another browser\'s', async () => {
    const sent = await client.submit(storyFields('csrf'));
    expect(sent.status).toBe(303);
    const { submissions } = await (await client.request('/api/dashboard/submissions', { headers: { Authorization: `Bearer ${TOKEN}` } })).json();
    const id = submissions[0].id;
    for (const csrf of ['', 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA']) {
      const response = await client.request(`/dashboard/submissions/${id}/approve`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: editor.cookie },
        body: new URLSearchParams({ csrf }).toString(),
      });
      expect(response.status).toBe(403);
      expect((await response.json()).error.code).toBe('forbidden_csrf');
    }
    const crossSite = await editorPost(`/dashboard/submissions/${id}/approve`, {}, { Origin: 'https://evil.example' });
    expect(crossSite.status).toBe(403);
  });

  it('refuses a login form posted without its token', async () => {
    const response = await client.request('/dashboard/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ password: PASSWORD }).toString(),
    });
    expect(response.status).toBe(403);
    expect(response.headers.getSetCookie().some((cookie) => cookie.startsWith('hub_session='))).toBe(false);
  });
});

describe('moderation', () => {
  it('rejects with a reason and asks for changes; the visitor sees the note', async () => {
    const sent = await client.submit(storyFields('moderate'));
    const token = tokenOf(sent.headers.get('location')!);
    const { submissions } = await (await client.request('/api/dashboard/submissions', { headers: { Authorization: `Bearer ${TOKEN}` } })).json();
    const id = submissions.find((item: { title: string }) => item.title === storyFields('moderate').title).id;

    const noNote = await editorPost(`/dashboard/submissions/${id}/reject`, { note: '' });
    expect(noNote.status).toBe(400);
    expect(await noNote.text()).toContain('Please say why');

    expect((await editorPost(`/dashboard/submissions/${id}/request-changes`, { note: 'Where were you walking?' })).status).toBe(303);
    expect(await (await client.request(`/submissions/${token}/`)).text()).toContain('Where were you walking?');
    expect((await editorPost(`/dashboard/submissions/${id}/reject`, { note: 'Not about repair.' })).status).toBe(303);
    const page = await (await client.request(`/submissions/${token}/`)).text();
    expect(page).toContain('Not about repair.');
    expect(page).toContain('Not published');
  });

  it("shows the editor's notes and the storyteller's edits as one thread, on the private link and in moderation", async () => {
    const fields = storyFields('thread');
    const sent = await client.submit(fields);
    const token = tokenOf(sent.headers.get('location')!);
    const { submissions } = await (await client.request('/api/dashboard/submissions', { headers: { Authorization: `Bearer ${TOKEN}` } })).json();
    const id = submissions.find((item: { title: string }) => item.title === fields.title).id;

    expect((await editorPost(`/dashboard/submissions/${id}/request-changes`, { note: 'Could you add a <b>photo</b>?' })).status).toBe(303);
    const form = new FormData();
    for (const [name, value] of Object.entries({ ...fields, title: 'My boots, with more detail' })) if (name !== 'email') form.set(name, value);
    expect((await client.request(`/submissions/${token}/edit`, { method: 'POST', body: form })).status).toBe(303);

    const visitorPage = await (await client.request(`/submissions/${token}/`)).text();
    const thread = (html: string) => /<section class="panel thread"[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';
    const seen = thread(visitorPage).replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    expect(seen).toMatch(/You sent the story · .* UTC The editor asked for changes · .* UTC Could you add a &lt;b&gt;photo&lt;\/b&gt;\? You edited the story · .* UTC Changed: title/);
    expect(thread(visitorPage)).not.toContain('<b>photo</b>');

    const editorPage = await (await client.request(`/dashboard/submissions/${id}/`, { headers: { Cookie: editor.cookie } })).text();
    const editorSeen = thread(editorPage).replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    expect(editorSeen).toMatch(/sent the story .*You asked for changes .*Could you add .*edited the story .*Changed: title/);
  });
});

describe('login attempts', () => {
  it('are limited per client: the 11th try in 15 minutes is refused even with the right password', async () => {
    const limited = await startTestHub({ HUB_ADMIN_PASSWORD: PASSWORD });
    try {
      const limitedClient = submissionClient(limited.url);
      for (let i = 0; i < 10; i += 1) expect((await limitedClient.login('wrong password')).response.status).toBe(401);
      const blocked = await limitedClient.login(PASSWORD);
      expect(blocked.response.status).toBe(429);
      expect(Number(blocked.response.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(blocked.session).toBeUndefined();
    } finally {
      await limited.close();
    }
  });
});
