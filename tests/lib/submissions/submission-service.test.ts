import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../../src/lib/db/create-db.ts';
import { createClickRecorder } from '../../../src/lib/referrals/clicks/create-click-recorder.ts';
import { createClickStore } from '../../../src/lib/referrals/clicks/create-click-store.ts';
import { createShareLinkService } from '../../../src/lib/referrals/create-share-link.ts';
import { recordConversion } from '../../../src/lib/referrals/record-conversion.ts';
import { createStoryPublisher } from '../../../src/lib/submissions/create-story-publisher.ts';
import { createSubmissionService, type SubmissionService } from '../../../src/lib/submissions/create-submission-service.ts';
import { SubmissionError } from '../../../src/lib/submissions/submission-record.ts';
import { processPhoto } from '../../../src/lib/submissions/process-photo.ts';
import { submissionInputSchema, type SubmissionInput } from '../../../src/lib/submissions/schema.ts';
import { storySchema } from '../../../src/lib/stories/schema.ts';
import sharp from 'sharp';
import { migratedDatabases } from '../../helpers/migrated-db.ts';

const T0 = Date.parse('2026-11-23T10:00:00.000Z');
const input = (overrides: Partial<Record<string, unknown>> = {}): SubmissionInput =>
  submissionInputSchema.parse({
    title: 'Twelve winters in the same boots',
    story: 'I bought these boots in 2014. They have been resoled three times at the repair cafe and still keep my feet dry.',
    cause: 'repair-culture',
    name: 'Ana Example',
    email: 'ana@example.com',
    consent: 'on',
    ...overrides,
  });
const meta = (visitor = 'visitor-a', photo?: Buffer) => ({ visitor, consentText: 'I agree that Mendwell may publish my story.', photo });

function readStoryFile(file: string) {
  const [, frontmatter, body] = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(fs.readFileSync(file, 'utf8'))!;
  return { data: storySchema.parse(parseYaml(frontmatter!)), body: body!.trim() };
}

describe.each(migratedDatabases)('visitor stories on $name', ({ open }) => {
  let handle: DbHandle;
  let dir: string;
  let clock: number;
  let service: SubmissionService;

  beforeEach(async () => {
    handle = await open();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-submissions-'));
    clock = T0;
    service = createSubmissionService({
      db: handle.db,
      photoDir: path.join(dir, 'data/submissions'),
      publisher: createStoryPublisher({ contentDir: path.join(dir, 'content'), mediaDir: path.join(dir, 'media'), brandName: 'Mendwell', now: () => clock }),
      limitPerDay: 3,
      now: () => clock,
    });
  });
  afterEach(async () => {
    await handle.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('stores a submission with its consent, reachable only through the private link', async () => {
    const { id, token } = await service.create(input(), meta());
    const stored = await service.getByToken(token);
    expect(stored).toMatchObject({
      id,
      status: 'pending',
      title: 'Twelve winters in the same boots',
      displayName: 'Ana Example',
      email: 'ana@example.com',
      consentText: 'I agree that Mendwell may publish my story.',
      consentedAt: T0,
      hasPhoto: false,
    });
    expect(await service.getByToken(`${token.slice(0, -1)}${token.endsWith('x') ? 'y' : 'x'}`)).toBeUndefined();
    const row = await handle.db.selectFrom('submissions').select('token_hash').where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.token_hash).not.toContain(token);
  });

  it('treats "anonymous" and a blank name as no name', () => {
    expect(input({ name: 'Anonymous' }).name).toBeNull();
    expect(input({ name: '  ' }).name).toBeNull();
  });

  it('refuses the same story twice, whatever the spacing or case', async () => {
    await service.create(input(), meta('visitor-a'));
    const again = input({ story: input().story.toUpperCase().replace(/ /g, '  ') });
    await expect(service.create(again, meta('visitor-b'))).rejects.toMatchObject({ code: 'duplicate' });
  });

  it('limits one visitor to the daily number of stories, and lets them send again a day later', async () => {
    for (let i = 0; i < 3; i += 1) await service.create(input({ title: `Story number ${i}` }), meta('visitor-a'));
    await expect(service.create(input({ title: 'One too many' }), meta('visitor-a'))).rejects.toBeInstanceOf(SubmissionError);
    await expect(service.create(input({ title: 'Someone else' }), meta('visitor-b'))).resolves.toBeTruthy();
    clock += 86_400_001;
    await expect(service.create(input({ title: 'Tomorrow' }), meta('visitor-a'))).resolves.toBeTruthy();
  });

  it('lets the visitor edit while pending, and not after approval', async () => {
    const { id, token } = await service.create(input(), meta());
    await service.requestChanges(id, 'Could you say where you live?');
    expect((await service.getByToken(token))!.status).toBe('changes_requested');
    const edited = await service.editByVisitor(token, { ...input({ title: 'Twelve winters in Kendal' }) }, { consentText: 'again', photo: undefined });
    expect(edited).toMatchObject({ status: 'pending', title: 'Twelve winters in Kendal', email: 'ana@example.com' });
    await service.approve(id);
    await expect(service.editByVisitor(token, input(), { consentText: 'again', photo: undefined })).rejects.toMatchObject({ code: 'not_editable' });
  });

  it('approves into a draft community story that passes the story schema, with the photo in the media folder', async () => {
    const photo = await processPhoto(await sharp({ create: { width: 640, height: 480, channels: 3, background: '#2a6' } }).png().toBuffer());
    const { id } = await service.create(input({ story: `${input().story}\n\n<script>alert(1)</script> and [a link](javascript:alert(1)).` }), meta('v', photo));
    const { slug, file } = await service.approve(id);
    expect(slug).toBe('twelve-winters-in-the-same-boots');
    expect(file).toBe(path.join(dir, 'content/stories', `${slug}.md`));
    const { data, body } = readStoryFile(file);
    expect(data).toMatchObject({
      title: 'Twelve winters in the same boots',
      slug,
      cause: 'repair-culture',
      origin: 'community',
      draft: true,
      submission: id,
      customer: { name: 'Ana Example' },
      hero: { image: `/images/community/${slug}.jpg` },
      publishedAt: new Date(T0),
    });
    expect(body).not.toContain('<script>');
    // Shown as the characters typed, never as markup or a live link.
    expect(body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(body).not.toMatch(/(?<!\\)\]\(\s*<?javascript:/i);
    expect(fs.existsSync(path.join(dir, 'media/community', `${slug}.jpg`))).toBe(true);
    expect((await service.getOrThrow(id)).status).toBe('approved');
    // A second story with the same title gets its own file.
    const other = await service.create(input({ story: `${input().story} A different ending.` }), meta('w'));
    expect((await service.approve(other.id)).slug).toMatch(/^twelve-winters-in-the-same-boots-[a-z0-9]{1,6}$/);
  });

  it('rejects with a reason the visitor sees, and then refuses to approve', async () => {
    const { id, token } = await service.create(input(), meta());
    await service.reject(id, 'This is about another brand.');
    expect(await service.getByToken(token)).toMatchObject({ status: 'rejected', moderatorNote: 'This is about another brand.' });
    await expect(service.approve(id)).rejects.toMatchObject({ code: 'not_editable' });
  });

  it('withdraws a published story: file, photo, share links, counts and personal data go, listeners are told', async () => {
    const photo = await processPhoto(await sharp({ create: { width: 64, height: 64, channels: 3, background: '#000' } }).jpeg().toBuffer());
    const { id, token } = await service.create(input(), meta('v', photo));
    const { slug, file } = await service.approve(id);

    const shares = createShareLinkService(handle.db, () => clock);
    const { link } = await shares.share({ storySlug: slug, channel: 'x', name: null, advocateId: undefined, explicitParent: undefined, attributedParent: undefined });
    const child = await shares.share({ storySlug: slug, channel: 'email', name: null, advocateId: undefined, explicitParent: link.code, attributedParent: undefined });
    const recorder = createClickRecorder(createClickStore(handle));
    await recorder.record({ kind: 'click', code: link.code, storySlug: slug, advocateId: link.advocateId, channel: 'x', generation: 1, time: clock, visitor: 'h1', device: 'mobile', referrerHost: null, country: null });
    await recorder.close();
    await recordConversion(handle.db, { goal: 'story-submitted', code: link.code, time: clock });
    await handle.db.insertInto('milestones_reached').values({ milestone: 'story-first-share', scope: 'story', scope_key: slug, value: 1, reached_at: clock }).execute();

    const told: string[] = [];
    service.onStoryWithdrawn.push((withdrawn) => {
      told.push(withdrawn);
    });
    await service.withdraw(token);

    expect(fs.existsSync(file)).toBe(false);
    expect(fs.existsSync(path.join(dir, 'media/community', `${slug}.jpg`))).toBe(false);
    expect(fs.readdirSync(path.join(dir, 'data/submissions'))).toEqual([]);
    expect(told).toEqual([slug]);
    expect(await service.withdrawnSlugs()).toEqual([slug]);
    const db = handle.db;
    expect(await db.selectFrom('share_links').select('code').where('story_slug', '=', slug).execute()).toEqual([]);
    expect(await db.selectFrom('story_daily').selectAll().where('story_slug', '=', slug).execute()).toEqual([]);
    expect(await db.selectFrom('segment_daily').selectAll().where('story_slug', '=', slug).execute()).toEqual([]);
    const advocateTotals = await db.selectFrom('advocate_daily').select(['clicks', 'unique_visitors', 'conversions']).where('advocate_id', '=', link.advocateId).execute();
    expect(advocateTotals.map((row) => [Number(row.clicks), Number(row.unique_visitors), Number(row.conversions)])).toEqual([[0, 0, 0]]);
    expect(await db.selectFrom('milestones_reached').selectAll().where('scope_key', '=', slug).execute()).toEqual([]);
    expect(await db.selectFrom('clicks').selectAll().where('code', '=', link.code).execute()).toEqual([]);
    expect(await db.selectFrom('conversions').selectAll().where('code', '=', link.code).execute()).toEqual([]);
    expect(await db.selectFrom('share_links').select('code').where('code', '=', child.link.code).execute()).toEqual([]);
    const tombstone = await service.getByToken(token);
    expect(tombstone).toMatchObject({ status: 'withdrawn', title: '', story: '', email: '', displayName: null, consentText: '', hasPhoto: false });
    expect(await service.list()).toEqual([]);
  });
});

describe('processPhoto', () => {
  it('re-encodes as JPEG without EXIF or GPS data', async () => {
    const withExif = await sharp({ create: { width: 300, height: 200, channels: 3, background: '#abc' } })
      .jpeg()
      .withExif({ IFD0: { Copyright: 'Ana', Make: 'PhoneCo' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '54/1 19/1 0/1' } })
      .toBuffer();
    expect((await sharp(withExif).metadata()).exif).toBeDefined();
    const photo = (await processPhoto(withExif))!;
    const metadata = await sharp(photo).metadata();
    expect(metadata).toMatchObject({ format: 'jpeg', width: 300, height: 200 });
    expect(metadata.exif).toBeUndefined();
    expect(metadata.xmp).toBeUndefined();
  });

  it.each([
    ['PNG', () => sharp({ create: { width: 10, height: 10, channels: 4, background: '#0000' } }).png().toBuffer()],
    ['WebP', () => sharp({ create: { width: 10, height: 10, channels: 3, background: '#f00' } }).webp().toBuffer()],
  ])('accepts %s', async (_name, make) => {
    expect((await sharp((await processPhoto(await make()))!).metadata()).format).toBe('jpeg');
  });

  it.each([
    ['a GIF', () => sharp({ create: { width: 10, height: 10, channels: 3, background: '#f00' } }).gif().toBuffer()],
    ['an SVG', async () => Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)" width="10" height="10"/>')],
    ['text named .jpg', async () => Buffer.from('not an image at all')],
  ])('refuses %s', async (_name, make) => {
    expect(await processPhoto(await make())).toBeUndefined();
  });
});
