import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../../src/lib/db/create-db.ts';
import { createMomentum } from '../../../src/lib/momentum/create-momentum.ts';
import type { Milestone } from '../../../src/lib/momentum/schema.ts';
import { createClickRecorder } from '../../../src/lib/referrals/clicks/create-click-recorder.ts';
import { createClickStore } from '../../../src/lib/referrals/clicks/create-click-store.ts';
import { createShareLinkService } from '../../../src/lib/referrals/create-share-link.ts';
import { recordConversion } from '../../../src/lib/referrals/record-conversion.ts';
import { createStoryPublisher } from '../../../src/lib/submissions/create-story-publisher.ts';
import { createSubmissionService } from '../../../src/lib/submissions/create-submission-service.ts';
import { submissionInputSchema } from '../../../src/lib/submissions/schema.ts';
import { migratedDatabases } from '../../helpers/migrated-db.ts';

const T0 = Date.parse('2026-11-23T10:00:00.000Z');
const milestones: Milestone[] = [
  { id: 'first-click', name: 'First click', metric: 'clicks', threshold: 1, scope: 'story', message: 'Someone opened it.' },
  { id: 'two-shares', name: 'Two shares', metric: 'shares', threshold: 2, scope: 'hub', message: 'Two.' },
];

describe.each(migratedDatabases)('events written with what caused them, on $name', ({ open }) => {
  let handle: DbHandle;
  beforeEach(async () => {
    handle = await open();
  });
  afterEach(async () => {
    await handle.close();
  });

  const events = async () =>
    (await handle.db.selectFrom('outbox_events').select(['type', 'data', 'created_at']).orderBy('created_at').orderBy('type').execute()).map((row) => ({
      type: row.type,
      data: JSON.parse(row.data) as Record<string, unknown>,
    }));

  it('writes share.created for a new link only, and conversion.created for every conversion', async () => {
    const shares = createShareLinkService(handle.db, () => T0);
    const input = { storySlug: 'story-a', channel: 'x' as const, name: 'Ana', advocateId: undefined, explicitParent: undefined, attributedParent: undefined };
    const first = await shares.share(input);
    await shares.share({ ...input, advocateId: first.advocateId });
    const child = await shares.share({ ...input, explicitParent: first.link.code });
    await expect(shares.share({ ...input, explicitParent: 'nosuchlink' })).rejects.toThrow();
    await recordConversion(handle.db, { goal: 'newsletter', code: child.link.code, time: T0 });
    await recordConversion(handle.db, { goal: 'newsletter', code: undefined, time: T0 });

    const byJson = (list: unknown[]) => list.map((item) => JSON.stringify(item)).sort();
    expect(byJson(await events())).toEqual(byJson([
      { type: 'conversion.created', data: { goal: 'newsletter', code: child.link.code, story: 'story-a' } },
      { type: 'conversion.created', data: { goal: 'newsletter', code: null, story: null } },
      { type: 'share.created', data: { code: first.link.code, story: 'story-a', channel: 'x', generation: 1, parent: null } },
      { type: 'share.created', data: { code: child.link.code, story: 'story-a', channel: 'x', generation: 2, parent: first.link.code } },
    ]));
  });

  it('writes win.reached once per win (and click.milestone for click milestones), never per click, also with two checkers', async () => {
    const shares = createShareLinkService(handle.db, () => T0);
    const share = () => shares.share({ storySlug: 'story-a', channel: 'x', name: null, advocateId: undefined, explicitParent: undefined, attributedParent: undefined });
    const { link, advocateId } = await share();
    await share();
    const recorder = createClickRecorder(createClickStore(handle));
    for (let i = 0; i < 25; i++) {
      await recorder.record({ kind: 'click', code: link.code, storySlug: 'story-a', advocateId, channel: 'x', generation: 1, time: T0, visitor: `v${i}`, device: 'mobile', referrerHost: null, country: null });
    }
    await recorder.close();
    const checkers = [createMomentum(handle.db, milestones, { now: () => T0 }), createMomentum(handle.db, milestones, { now: () => T0 })];
    for (const momentum of checkers) {
      momentum.touch('click', { story: 'story-a', advocates: [advocateId] });
      momentum.touch('share', { story: 'story-a', advocates: [advocateId] });
    }
    await Promise.all(checkers.map((momentum) => momentum.flush()));
    await checkers[0]!.flush();

    const wins = (await events()).filter((event) => event.type !== 'share.created');
    expect(wins.map((event) => `${event.type} ${event.data.milestone}`).sort()).toEqual(['click.milestone first-click', 'win.reached first-click', 'win.reached two-shares']);
    const firstClick = wins.find((event) => event.type === 'win.reached' && event.data.milestone === 'first-click')!;
    expect(firstClick.data).toMatchObject({ name: 'First click', message: 'Someone opened it.', metric: 'clicks', scope: 'story', story: 'story-a', value: 25 });
    expect(firstClick.data.win).toMatch(/^[A-Za-z0-9_-]{16}$/);
    // An advocate's id never leaves in an event.
    expect(JSON.stringify(await events())).not.toContain(advocateId);
  });

  it('writes submission.received, .approved and .withdrawn with the submission id only', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-outbox-'));
    try {
      const service = createSubmissionService({
        db: handle.db,
        photoDir: path.join(dir, 'submissions'),
        publisher: createStoryPublisher({ contentDir: path.join(dir, 'content'), mediaDir: path.join(dir, 'media'), brandName: 'Mendwell', now: () => T0 }),
        limitPerDay: 5,
        now: () => T0,
      });
      const input = submissionInputSchema.parse({ title: 'Twelve winters in the same boots', story: 'I bought these boots in 2014 and they have been resoled three times since then.', cause: 'repair-culture', name: 'Ana', email: 'ana@example.com', consent: 'on' });
      const { id, token } = await service.create(input, { visitor: 'v', consentText: 'I agree.', photo: undefined });
      const { slug } = await service.approve(id);
      await expect(service.approve(id)).rejects.toThrow();
      await service.withdraw(token);
      expect(await events()).toEqual([
        { type: 'submission.approved', data: { submission: id, storySlug: slug } },
        { type: 'submission.received', data: { submission: id } },
        { type: 'submission.withdrawn', data: { submission: id } },
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
