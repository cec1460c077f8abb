import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { Database, SubmissionStatus, SubmissionsTable } from '../db/schema.ts';
import { enqueueEvent } from '../integrations/enqueue-event.ts';
import { forgetStory } from '../referrals/forget-story.ts';
import { generateCode } from '../referrals/generate-code.ts';
import { DAY_MS } from '../time/utc-day.ts';
import { addThreadMessage, changedFields, type ThreadKind, type ThreadMessage } from './add-thread-message.ts';
import type { StoryPublisher } from './create-story-publisher.ts';
import { notifyWithdrawn, type StoryWithdrawnListener } from './notify-withdrawn.ts';
import type { ModeratorEdit, SubmissionEdit, SubmissionInput } from './schema.ts';
import { EDITABLE, fingerprintOf, hashToken, SubmissionError, toSubmission, type Submission } from './submission-record.ts';


export type SubmissionServiceOptions = {
  db: Kysely<Database>;
  /** Where photos wait for moderation: <photoDir>/<id>.jpg (under DATA_DIR, never public). */
  photoDir: string;
  publisher: StoryPublisher;
  /** Submissions one visitor may send in 24 hours. */
  limitPerDay: number;
  now?: () => number;
};

/** Writes a file and flushes it to disk before the database row that points at it commits. */
async function writeDurably(file: string, data: Buffer): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const handle = await fs.open(file, 'w');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Visitor stories from submission to moderation to publication, and withdrawal at any time.
 * A visitor reaches their submission only through the secret of their private link.
 */
export function createSubmissionService(options: SubmissionServiceOptions) {
  const { db, photoDir, publisher, limitPerDay } = options;
  const now = options.now ?? Date.now;
  const photoFile = (id: string) => path.join(photoDir, `${id}.jpg`);
  /** Subscribers to withdrawals of published stories: the card cache registers here. */
  const onStoryWithdrawn: StoryWithdrawnListener[] = [];

  async function rowById(id: string) {
    return db.selectFrom('submissions').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async function rowByToken(token: string) {
    if (!/^[0-9A-Za-z]{20,64}$/.test(token)) return undefined;
    return db.selectFrom('submissions').selectAll().where('token_hash', '=', hashToken(token)).executeTakeFirst();
  }

  async function getRowOrThrow(id: string) {
    const row = await rowById(id);
    if (!row) throw new SubmissionError('not_found', 'There is no submission with this id.');
    return row;
  }

  /** Moves a submission on from one of `from`; `onChanged` runs in the same transaction (its event). */
  async function setStatus(id: string, from: readonly SubmissionStatus[], values: Partial<SubmissionsTable>, onChanged?: (trx: Kysely<Database>) => Promise<unknown>) {
    await db.transaction().execute(async (trx) => {
      const result = await trx
        .updateTable('submissions')
        .set({ ...values, updated_at: now() })
        .where('id', '=', id)
        .where('status', 'in', [...from])
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) {
        throw new SubmissionError('conflict', 'This submission is no longer in a state that allows this; reload it.');
      }
      await onChanged?.(trx);
    });
  }

  const editorNote = (note: string, kind: ThreadKind): ThreadMessage => ({ at: now(), author: 'editor', kind, body: note });

  async function withdrawPublished(slug: string) {
    await publisher.unpublish(slug);
    await db
      .insertInto('withdrawn_stories')
      .values({ slug, withdrawn_at: now() })
      .onConflict((conflict) => conflict.column('slug').doNothing())
      .execute();
    await forgetStory(db, slug);
    await notifyWithdrawn(onStoryWithdrawn, slug);
  }

  return {
    onStoryWithdrawn,

    /**
     * Stores a new submission (photo flushed to disk first, then the row committed) and returns
     * its id and the secret of the visitor's private link. Refuses a visitor over the daily
     * limit and a story already received.
     */
    async create(
      input: SubmissionInput,
      meta: { visitor: string; consentText: string; photo: Buffer | undefined },
    ): Promise<{ id: string; token: string }> {
      const time = now();
      const recent = await db
        .selectFrom('submissions')
        .select(db.fn.countAll<number>().as('n'))
        .where('visitor', '=', meta.visitor)
        .where('created_at', '>', time - DAY_MS)
        .executeTakeFirstOrThrow();
      if (Number(recent.n) >= limitPerDay) {
        throw new SubmissionError('rate_limited', 'Several stories were sent from your network today already. Please try again tomorrow.');
      }
      const fingerprint = fingerprintOf(input.title, input.story);
      const same = await db
        .selectFrom('submissions')
        .select('id')
        .where('fingerprint', '=', fingerprint)
        .where('status', '!=', 'withdrawn')
        .executeTakeFirst();
      if (same) throw new SubmissionError('duplicate', 'We have already received this story. Thank you! There is no need to send it again.');

      const id = generateCode(12);
      const token = randomBytes(24).toString('base64url').replace(/[-_]/g, '') + generateCode(8);
      if (meta.photo) await writeDurably(photoFile(id), meta.photo);
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('submissions')
          .values({
            id,
            token_hash: hashToken(token),
            status: 'pending',
            title: input.title,
            story: input.story,
            cause: input.cause,
            display_name: input.name,
            email: input.email,
            photo: meta.photo ? `${id}.jpg` : null,
            consent_text: meta.consentText,
            consented_at: time,
            visitor: meta.visitor,
            fingerprint,
            moderator_note: null,
            story_slug: null,
            created_at: time,
            updated_at: time,
          })
          .execute();
        await enqueueEvent(trx, 'submission.received', { submission: id }, time);
        await addThreadMessage(trx, id, { at: time, author: 'storyteller', kind: 'received', body: '' });
      });
      return { id, token };
    },

    /** The submission behind a private link, or undefined. */
    async getByToken(token: string): Promise<Submission | undefined> {
      const row = await rowByToken(token);
      return row ? toSubmission(row) : undefined;
    },

    async getOrThrow(id: string): Promise<Submission> {
      return toSubmission(await getRowOrThrow(id));
    },

    /** The moderation queue: waiting stories first (oldest first), then the rest (newest first). */
    async list(): Promise<Submission[]> {
      const rows = await db.selectFrom('submissions').selectAll().where('status', '!=', 'withdrawn').orderBy('created_at', 'desc').execute();
      const waiting = rows.filter((row) => row.status === 'pending').reverse();
      return [...waiting, ...rows.filter((row) => row.status !== 'pending')].map(toSubmission);
    },

    /** How many stories wait for moderation (one count, for the dashboard's notice). */
    async waiting(): Promise<number> {
      const row = await db.selectFrom('submissions').select(db.fn.countAll<number>().as('n')).where('status', '=', 'pending').executeTakeFirstOrThrow();
      return Number(row.n);
    },

    /** The stored photo (JPEG, metadata stripped), if any. */
    async photo(submission: Submission): Promise<Buffer | undefined> {
      if (!submission.hasPhoto) return undefined;
      return fs.readFile(photoFile(submission.id)).catch(() => undefined);
    },

    /** The visitor edits their story while it waits; an edit after "changes requested" sends it back to the queue. */
    async editByVisitor(token: string, edit: SubmissionEdit, meta: { consentText: string; photo: Buffer | undefined }): Promise<Submission> {
      const row = await rowByToken(token);
      if (!row) throw new SubmissionError('not_found', 'There is no submission at this link.');
      if (!EDITABLE.includes(row.status)) throw new SubmissionError('not_editable', 'This story can no longer be edited.');
      if (meta.photo) await writeDurably(photoFile(row.id), meta.photo);
      const values = {
        status: 'pending' as const,
        title: edit.title,
        story: edit.story,
        cause: edit.cause,
        display_name: edit.name,
        consent_text: meta.consentText,
        consented_at: now(),
        fingerprint: fingerprintOf(edit.title, edit.story),
        ...(meta.photo ? { photo: `${row.id}.jpg` } : {}),
      };
      await setStatus(row.id, EDITABLE, values, (trx) =>
        addThreadMessage(trx, row.id, { at: now(), author: 'storyteller', kind: 'edited', body: changedFields(row, values, Boolean(meta.photo)) }),
      );
      return toSubmission((await rowById(row.id))!);
    },

    /**
     * Withdraws a story at any time: its words, email, name, photo and consent are erased (a
     * tombstone keeps only the status); a published story is deleted from the content folder,
     * its share links and counts are forgotten, and the story-withdrawn listeners are told.
     */
    async withdraw(token: string): Promise<void> {
      const row = await rowByToken(token);
      if (!row) throw new SubmissionError('not_found', 'There is no submission at this link.');
      if (row.status === 'withdrawn') return;
      if (row.story_slug) await withdrawPublished(row.story_slug);
      await fs.rm(photoFile(row.id), { force: true });
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('submissions')
          .set({
            status: 'withdrawn',
            title: '',
            story: '',
            cause: '',
            display_name: null,
            email: '',
            photo: null,
            consent_text: '',
            fingerprint: '',
            moderator_note: null,
            updated_at: now(),
          })
          .where('id', '=', row.id)
          .execute();
        await enqueueEvent(trx, 'submission.withdrawn', { submission: row.id }, now());
        await trx.deleteFrom('submission_messages').where('submission_id', '=', row.id).execute();
      });
    },

    /** An editor's edit before approving. */
    async editByModerator(id: string, edit: ModeratorEdit): Promise<void> {
      const row = await getRowOrThrow(id);
      if (!EDITABLE.includes(row.status)) throw new SubmissionError('not_editable', 'Only waiting stories can be edited here; edit published ones in TinaCMS.');
      const values = { title: edit.title, story: edit.story, cause: edit.cause, display_name: edit.name };
      await setStatus(id, EDITABLE, values, (trx) => addThreadMessage(trx, id, { at: now(), author: 'editor', kind: 'edited', body: changedFields(row, values, false) }));
    },

    /** Writes the draft story into the content folder and marks the submission approved. */
    async approve(id: string): Promise<{ slug: string; file: string }> {
      const row = await getRowOrThrow(id);
      if (!EDITABLE.includes(row.status)) throw new SubmissionError('not_editable', 'Only waiting stories can be approved.');
      const photo = row.photo ? await fs.readFile(photoFile(id)).catch(() => undefined) : undefined;
      const published = await publisher.publish(
        { id, title: row.title, story: row.story, cause: row.cause, displayName: row.display_name },
        photo,
      );
      try {
        await setStatus(id, EDITABLE, { status: 'approved', story_slug: published.slug, moderator_note: null }, (trx) =>
          Promise.all([
            enqueueEvent(trx, 'submission.approved', { submission: id, storySlug: published.slug }, now()),
            addThreadMessage(trx, id, { at: now(), author: 'editor', kind: 'approved', body: '' }),
          ]),
        );
      } catch (error) {
        await publisher.unpublish(published.slug);
        throw error;
      }
      return published;
    },

    async reject(id: string, note: string): Promise<void> {
      await getRowOrThrow(id);
      await setStatus(id, EDITABLE, { status: 'rejected', moderator_note: note }, (trx) => addThreadMessage(trx, id, editorNote(note, 'rejected')));
    },

    async requestChanges(id: string, note: string): Promise<void> {
      await getRowOrThrow(id);
      await setStatus(id, EDITABLE, { status: 'changes_requested', moderator_note: note }, (trx) => addThreadMessage(trx, id, editorNote(note, 'changes_requested')));
    },

    /** The conversation about a submission, oldest first: its arrival, edits on both sides, the editor's notes and decision. */
    async thread(id: string): Promise<ThreadMessage[]> {
      const rows = await db.selectFrom('submission_messages').select(['at', 'author', 'kind', 'body']).where('submission_id', '=', id).orderBy('at').orderBy('id').execute();
      return rows.map((row) => ({ at: Number(row.at), author: row.author as ThreadMessage['author'], kind: row.kind as ThreadKind, body: row.body }));
    },

    /** Slugs of published stories their authors withdrew. */
    async withdrawnSlugs(): Promise<string[]> {
      return (await db.selectFrom('withdrawn_stories').select('slug').execute()).map((row) => row.slug);
    },
  };
}

export type SubmissionService = ReturnType<typeof createSubmissionService>;
