import fs from 'node:fs/promises';
import path from 'node:path';
import { parseMDX } from '@tinacms/mdx';
import { buildStoryDocument, slugFromTitle, type StoryPublisher } from './create-story-publisher.ts';

export type TinaStoryPublisherOptions = {
  /** The Tina GraphQL endpoint: `tinacms dev`'s http://localhost:4001/graphql or a self-hosted Tina backend. */
  graphqlUrl: string;
  /** Sent as `Authorization: Bearer <token>` when the backend asks for it. */
  token: string | undefined;
  /** Tina's media folder: photos go to <mediaDir>/community/<slug>.jpg. */
  mediaDir: string;
  brandName: string;
  now: () => number;
  fetch?: typeof fetch;
};

/** The story collection's body field, as parseMDX needs it. */
const BODY_FIELD = { type: 'rich-text', name: 'body', isBody: true } as Parameters<typeof parseMDX>[1];

const CREATE = `mutation Create($path: String!, $params: DocumentMutation!) {
  createDocument(collection: "story", relativePath: $path, params: $params) { __typename }
}`;
const DELETE = `mutation Delete($path: String!) {
  deleteDocument(collection: "story", relativePath: $path) { __typename }
}`;

/**
 * Approved stories through Tina's GraphQL API (createDocument / deleteDocument) instead of the
 * file system: for a production host whose content folder is not writable, with the same result
 * as createStoryPublisher (the same frontmatter, the body as Tina's rich-text tree).
 */
export function createTinaStoryPublisher(options: TinaStoryPublisherOptions): StoryPublisher {
  const request = options.fetch ?? fetch;
  const photoFile = (slug: string) => path.join(options.mediaDir, 'community', `${slug}.jpg`);

  async function graphql(query: string, variables: object): Promise<{ errors?: { message: string }[] }> {
    const response = await request(options.graphqlUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(options.token ? { Authorization: `Bearer ${options.token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    if (!response.ok && response.status !== 400) throw new Error(`Tina GraphQL answered ${response.status}`);
    return (await response.json()) as { errors?: { message: string }[] };
  }

  return {
    async publish(submission, photo) {
      const base = slugFromTitle(submission.title);
      const suffix = submission.id.toLowerCase().replace(/[^a-z0-9]/g, '').slice(0, 6);
      for (const slug of [base, `${base}-${suffix}`]) {
        const { data, body } = buildStoryDocument(submission, { slug, hasPhoto: Boolean(photo), brandName: options.brandName, now: options.now() });
        const params = { story: { ...data, publishedAt: data.publishedAt.toISOString(), body: parseMDX(body, BODY_FIELD, (url) => url) } };
        const result = await graphql(CREATE, { path: `${slug}.md`, params });
        if (result.errors?.some((error) => /already exists/i.test(error.message))) continue;
        if (result.errors?.length) throw new Error(`Tina could not create the story: ${result.errors.map((error) => error.message).join('; ')}`);
        if (photo) {
          await fs.mkdir(path.dirname(photoFile(slug)), { recursive: true });
          await fs.writeFile(photoFile(slug), photo);
        }
        return { slug, file: `content/stories/${slug}.md` };
      }
      throw new Error(`Tina already has stories named ${base} and ${base}-${suffix}`);
    },

    async unpublish(slug) {
      const result = await graphql(DELETE, { path: `${slug}.md` });
      await fs.rm(photoFile(slug), { force: true });
      return !result.errors?.length;
    },
  };
}
