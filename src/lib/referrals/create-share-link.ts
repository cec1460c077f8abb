import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database, ShareLinksTable } from '../db/schema.ts';
import { generateCode } from './generate-code.ts';
import type { Channel, ShareLink } from './schema.ts';
import { utcDay } from '../time/utc-day.ts';
import { enqueueEvent } from '../integrations/enqueue-event.ts';

/** Thrown for a share the caller asked for that cannot be made; `code` maps to an HTTP answer. */
export class ShareError extends Error {
  override name = 'ShareError';
  readonly code: 'unknown_parent' | 'parent_other_story';
  constructor(code: ShareError['code'], message: string) {
    super(message);
    this.code = code;
  }
}

export type ShareInput = {
  storySlug: string;
  channel: Channel;
  /** Display name the advocate typed, or null. */
  name: string | null | undefined;
  /** From the advocate cookie; a new advocate is created when absent or unknown. */
  advocateId: string | undefined;
  /** A parent named explicitly by the client: must exist and be a link to the same story. */
  explicitParent: string | undefined;
  /** The link the visitor arrived through (attribution cookie): used when it fits, else ignored. */
  attributedParent: string | undefined;
};

export type ShareResult = { link: ShareLink; created: boolean; advocateId: string };

/** A share_links row as the API and pages use it. */
export function toShareLink(row: ShareLinksTable): ShareLink {
  return {
    code: row.code,
    storySlug: row.story_slug,
    channel: row.channel as Channel,
    advocateId: row.advocate_id,
    advocateName: row.advocate_name,
    parentCode: row.parent_code,
    generation: row.generation,
    createdAt: Number(row.created_at),
  };
}

const isUniqueViolation = (error: unknown) =>
  /unique|duplicate key/i.test(String((error as Error)?.message ?? '')) || (error as { code?: string })?.code === '23505';

/**
 * Creates the share link of one advocate for one story and channel, or returns the one they
 * already have. A visitor who arrived through someone's link becomes that link's child; sharing
 * again after clicking one's own link keeps one's place in the chain instead of becoming one's
 * own child.
 */
export function createShareLinkService(db: Kysely<Database>, now: () => number = Date.now) {
  async function resolveParent(trx: Kysely<Database>, input: ShareInput, advocateId: string) {
    const wanted = input.explicitParent ?? input.attributedParent;
    if (!wanted) return undefined;
    let parent = await trx.selectFrom('share_links').selectAll().where('code', '=', wanted).executeTakeFirst();
    if (!parent) {
      if (input.explicitParent) throw new ShareError('unknown_parent', `parent link "${wanted}" does not exist`);
      return undefined;
    }
    if (parent.story_slug !== input.storySlug) {
      if (input.explicitParent) throw new ShareError('parent_other_story', `parent link "${wanted}" is for another story`);
      return undefined;
    }
    if (parent.advocate_id === advocateId) {
      if (!parent.parent_code) return undefined;
      parent = await trx.selectFrom('share_links').selectAll().where('code', '=', parent.parent_code).executeTakeFirstOrThrow();
    }
    return parent;
  }

  async function attempt(input: ShareInput): Promise<ShareResult> {
    return db.transaction().execute(async (trx) => {
      const time = now();
      let advocateId = input.advocateId;
      const known = advocateId
        ? await trx.selectFrom('advocates').select('id').where('id', '=', advocateId).executeTakeFirst()
        : undefined;
      if (!known) {
        advocateId = randomBytes(16).toString('base64url');
        await trx.insertInto('advocates').values({ id: advocateId, name: input.name ?? null, created_at: time }).execute();
      } else if (input.name) {
        await trx.updateTable('advocates').set({ name: input.name }).where('id', '=', advocateId!).execute();
      }

      // Checked before looking for an existing link: a parent that is wrong is a 400 for a repeat share too.
      const parent = await resolveParent(trx, input, advocateId!);
      const existing = await trx
        .selectFrom('share_links')
        .selectAll()
        .where('advocate_id', '=', advocateId!)
        .where('story_slug', '=', input.storySlug)
        .where('channel', '=', input.channel)
        .executeTakeFirst();
      if (existing) {
        if (input.name && input.name !== existing.advocate_name) {
          await trx.updateTable('share_links').set({ advocate_name: input.name }).where('code', '=', existing.code).execute();
          existing.advocate_name = input.name;
        }
        return { link: toShareLink(existing), created: false, advocateId: advocateId! };
      }

      const row: ShareLinksTable = {
        code: generateCode(),
        story_slug: input.storySlug,
        channel: input.channel,
        advocate_id: advocateId!,
        advocate_name: input.name ?? null,
        parent_code: parent?.code ?? null,
        generation: parent ? parent.generation + 1 : 1,
        created_at: time,
        cycle_ms: parent ? time - Number(parent.created_at) : null,
      };
      await trx.insertInto('share_links').values(row).execute();
      await trx
        .insertInto('story_daily')
        .values({
          story_slug: row.story_slug,
          day: utcDay(time),
          channel: row.channel,
          generation: row.generation,
          shares: 1,
          reshares: parent ? 1 : 0,
        })
        .onConflict((conflict) =>
          conflict.columns(['story_slug', 'day', 'channel', 'generation']).doUpdateSet({
            shares: sql`story_daily.shares + excluded.shares`,
            reshares: sql`story_daily.reshares + excluded.reshares`,
          }),
        )
        .execute();
      await enqueueEvent(trx, 'share.created', { code: row.code, story: row.story_slug, channel: row.channel, generation: row.generation, parent: row.parent_code }, time);
      return { link: toShareLink(row), created: true, advocateId: advocateId! };
    });
  }

  return {
    /** Creates or returns the advocate's link; retries once when a concurrent request won the race. */
    async share(input: ShareInput): Promise<ShareResult> {
      try {
        return await attempt(input);
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        return attempt(input);
      }
    },
  };
}

export type ShareLinkService = ReturnType<typeof createShareLinkService>;
