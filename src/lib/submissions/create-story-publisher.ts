import fs from 'node:fs/promises';
import path from 'node:path';
import { stringify } from 'yaml';
import { storySchema, type StoryData } from '../stories/schema.ts';
import { toSafeMarkdown } from './to-safe-markdown.ts';

/** What the publisher needs of an approved submission. */
export type ApprovedSubmission = {
  id: string;
  title: string;
  story: string;
  cause: string;
  displayName: string | null;
};

export type StoryPublisherOptions = {
  /** The content folder: stories go to <contentDir>/stories/<slug>.md. */
  contentDir: string;
  /** Tina's media folder (public/images): photos go to <mediaDir>/community/<slug>.jpg. */
  mediaDir: string;
  brandName: string;
  now: () => number;
};

/** Lower-case words joined by hyphens, at most 60 characters, from a title. */
export function slugFromTitle(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return slug || 'community-story';
}

/** The story as plain words: Markdown marks dropped, whitespace collapsed. */
function plainText(markdown: string): string {
  return markdown
    .replace(/<[^>]*>/g, ' ')
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[#>*_`~|\\<]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** At most `max` characters, cut at a word and closed with an ellipsis. */
function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), max / 2)).trimEnd()}…`;
}

/** A story's frontmatter with the consent reference, as the story schema reads it. */
export type StoryDocument = { data: StoryData & { submission: string }; body: string };

/**
 * The draft story made from an approved submission: frontmatter that passes the story schema
 * (origin community, draft, the submission id as consent reference, summary and pull quote taken
 * from the text) and the body as safe Markdown.
 */
export function buildStoryDocument(
  submission: ApprovedSubmission,
  options: { slug: string; hasPhoto: boolean; brandName: string; now: number },
): StoryDocument {
  const { slug } = options;
  const text = plainText(submission.story);
  const name = submission.displayName ?? 'Anonymous';
  const data = storySchema.parse({
    title: submission.title,
    slug,
    summary: clip(text, 300),
    cause: submission.cause,
    intent: 'learn',
    hero: options.hasPhoto
      ? { image: `/images/community/${slug}.jpg`, alt: `Photo shared by ${name} with their story` }
      : { image: '/og-default.png', alt: `${options.brandName}: a story from our community` },
    pullQuote: clip(/^(.+?[.!?])(?:\s|$)/.exec(text)?.[1] ?? text, 280),
    customer: { name, role: 'Community story' },
    publishedAt: new Date(options.now),
    draft: true,
    origin: 'community',
    tags: ['community'],
    submission: submission.id,
  }) as StoryData & { submission: string };
  return { data, body: toSafeMarkdown(submission.story) };
}

/**
 * Writes approved visitor stories into the content folder as draft Markdown stories (origin
 * community, the submission id as their consent record), for editors to polish and publish in
 * TinaCMS; removes them again when the visitor withdraws.
 */
export function createStoryPublisher(options: StoryPublisherOptions): StoryPublisher {
  const storiesDir = path.join(options.contentDir, 'stories');
  const photosDir = path.join(options.mediaDir, 'community');
  const storyFile = (slug: string) => path.join(storiesDir, `${slug}.md`);
  const photoFile = (slug: string) => path.join(photosDir, `${slug}.jpg`);
  const exists = (file: string) => fs.access(file).then(() => true, () => false);

  async function freeSlug(title: string, id: string): Promise<string> {
    const base = slugFromTitle(title);
    if (!(await exists(storyFile(base)))) return base;
    return `${base}-${id.toLowerCase().replace(/[^a-z0-9]/g, '').slice(0, 6)}`;
  }

  return {
    /** Writes the draft story (and its photo); returns the slug and the file written. */
    async publish(submission: ApprovedSubmission, photo: Buffer | undefined): Promise<{ slug: string; file: string }> {
      const slug = await freeSlug(submission.title, submission.id);
      const { data, body } = buildStoryDocument(submission, { slug, hasPhoto: Boolean(photo), brandName: options.brandName, now: options.now() });
      const frontmatter = stringify({ ...data, publishedAt: data.publishedAt.toISOString() }, { lineWidth: 0 });
      const file = storyFile(slug);
      if (photo) {
        await fs.mkdir(photosDir, { recursive: true });
        await fs.writeFile(photoFile(slug), photo);
      }
      await fs.mkdir(storiesDir, { recursive: true });
      await fs.writeFile(file, `---\n${frontmatter}---\n\n${body}`, { flag: 'wx' });
      return { slug, file };
    },

    /** Deletes the story file and its photo; true when there was a story to delete. */
    async unpublish(slug: string): Promise<boolean> {
      const had = await exists(storyFile(slug));
      await fs.rm(storyFile(slug), { force: true });
      await fs.rm(photoFile(slug), { force: true });
      return had;
    },
  };
}

/** Where approved stories go: the content folder (this file) or Tina's GraphQL API (create-tina-story-publisher.ts). */
export type StoryPublisher = {
  /** Creates the draft story (and its photo); returns its slug and where it was written. */
  publish(submission: ApprovedSubmission, photo: Buffer | undefined): Promise<{ slug: string; file: string }>;
  /** Deletes the story and its photo; true when there was a story to delete. */
  unpublish(slug: string): Promise<boolean>;
};
