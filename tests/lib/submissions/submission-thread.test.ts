import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../../src/lib/db/create-db.ts';
import { createStoryPublisher } from '../../../src/lib/submissions/create-story-publisher.ts';
import { createSubmissionService, type SubmissionService } from '../../../src/lib/submissions/create-submission-service.ts';
import { submissionEditSchema, submissionInputSchema } from '../../../src/lib/submissions/schema.ts';
import { migratedDatabases } from '../../helpers/migrated-db.ts';

const T0 = Date.parse('2026-11-23T10:00:00.000Z');
const fields = { title: 'Twelve winters in the same boots', story: 'I bought these boots in 2014 and they have been resoled three times since then.', cause: 'repair-culture', name: 'Ana', consent: 'on' };
const meta = { visitor: 'v', consentText: 'I agree.', photo: undefined };

describe.each(migratedDatabases)("a visitor story's thread on $name", ({ open }) => {
  let handle: DbHandle;
  let dir: string;
  let clock: number;
  let service: SubmissionService;
  beforeEach(async () => {
    handle = await open();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-thread-'));
    clock = T0;
    service = createSubmissionService({
      db: handle.db,
      photoDir: path.join(dir, 'submissions'),
      publisher: createStoryPublisher({ contentDir: path.join(dir, 'content'), mediaDir: path.join(dir, 'media'), brandName: 'Mendwell', now: () => clock }),
      limitPerDay: 5,
      now: () => clock,
    });
  });
  afterEach(async () => {
    await handle.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("records who said or did what, and when, in order: arrival, the editor's note, the storyteller's edit, the decision", async () => {
    const { id, token } = await service.create(submissionInputSchema.parse({ ...fields, email: 'ana@example.com' }), meta);
    clock += 60_000;
    await service.requestChanges(id, 'Could you add where you live?');
    clock += 60_000;
    await service.editByVisitor(token, submissionEditSchema.parse({ ...fields, story: `${fields.story} I live in Leeds.` }), meta);
    // Same millisecond: the order still follows the events.
    await service.editByModerator(id, { title: 'Twelve winters, one pair of boots', story: `${fields.story} I live in Leeds.`, cause: 'repair-culture', name: 'Ana' });
    await service.approve(id);

    expect(await service.thread(id)).toEqual([
      { at: T0, author: 'storyteller', kind: 'received', body: '' },
      { at: T0 + 60_000, author: 'editor', kind: 'changes_requested', body: 'Could you add where you live?' },
      { at: T0 + 120_000, author: 'storyteller', kind: 'edited', body: 'story' },
      { at: T0 + 120_001, author: 'editor', kind: 'edited', body: 'title' },
      { at: T0 + 120_002, author: 'editor', kind: 'approved', body: '' },
    ]);
  });

  it('keeps a rejection with its reason, and a refused step leaves no line', async () => {
    const { id } = await service.create(submissionInputSchema.parse({ ...fields, email: 'ana@example.com' }), meta);
    await service.reject(id, 'It is about another brand.');
    await expect(service.requestChanges(id, 'Too late')).rejects.toThrow();
    expect((await service.thread(id)).map(({ author, kind, body }) => `${author} ${kind} ${body}`)).toEqual(['storyteller received ', 'editor rejected It is about another brand.']);
  });

  it('is erased with the story when the storyteller withdraws it', async () => {
    const { id, token } = await service.create(submissionInputSchema.parse({ ...fields, email: 'ana@example.com' }), meta);
    await service.requestChanges(id, 'A note that names the storyteller, Ana.');
    await service.withdraw(token);
    expect(await service.thread(id)).toEqual([]);
    expect(await handle.db.selectFrom('submission_messages').selectAll().execute()).toEqual([]);
  });
});
