import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import os from 'node:os';
import { createSatteriMarkdownProcessor } from '@astrojs/markdown-satteri';
import { createTinaStoryPublisher } from '../../src/lib/submissions/create-tina-story-publisher.ts';
import { storySchema } from '../../src/lib/stories/schema.ts';
import { freePort } from '../helpers/free-port.ts';
import { readContent } from '../helpers/read-content.ts';
import { ROOT } from '../helpers/start-test-hub.ts';

const SLUG = `cms-test-${process.pid}`;
const FILE = path.join(ROOT, 'content/stories', `${SLUG}.md`);
const VISITOR_SLUG = `visitor-story-through-tina-${process.pid}`;
const VISITOR_FILE = path.join(ROOT, 'content/stories', `${VISITOR_SLUG}.md`);
const cause = readContent().brand.causes[0]!.slug;

const storyParams = {
  title: 'Written in the CMS',
  slug: SLUG,
  summary: 'A story created through the TinaCMS GraphQL API by the test suite.',
  cause,
  intent: 'learn',
  hero: { image: '/og-default.png', alt: 'The brand placeholder image' },
  pullQuote: 'Editors write here.',
  customer: { name: 'Test Editor', role: 'Quality, Kendal' },
  publishedAt: '2026-11-23T00:00:00.000Z',
  draft: true,
  origin: 'editorial',
  tags: ['test'],
  body: { type: 'root', children: [{ type: 'p', children: [{ type: 'text', text: 'Saved by TinaCMS.' }] }] },
};

function readStory() {
  const text = fs.readFileSync(FILE, 'utf8');
  const [, frontmatter, body] = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text)!;
  return { data: storySchema.parse(parseYaml(frontmatter!)), body: body!.trim() };
}

async function graphql(port: number, query: string, variables: object) {
  const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data?: unknown; errors?: { message: string }[] };
}

/** The TinaCMS dev server (local mode), as `npm run dev` starts it, without the Astro half. */
describe('TinaCMS writes stories into content/stories/', () => {
  let tina: ChildProcess;
  let port: number;
  let output = '';

  beforeAll(async () => {
    port = await freePort();
    const datalayerPort = await freePort();
    const cli = path.join(ROOT, 'node_modules/@tinacms/cli/bin/tinacms');
    tina = spawn(process.execPath, [cli, 'dev', '--noTelemetry', '--noWatch', '-p', String(port), '--datalayer-port', String(datalayerPort)], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    tina.stdout!.on('data', (chunk) => (output += chunk));
    tina.stderr!.on('data', (chunk) => (output += chunk));
    const deadline = Date.now() + 180_000;
    for (;;) {
      if (tina.exitCode !== null) throw new Error(`tinacms dev exited early:\n${output}`);
      if (Date.now() > deadline) throw new Error(`tinacms dev did not answer in time:\n${output}`);
      const ready = await graphql(port, '{ __typename }', {}).catch(() => undefined);
      if (ready?.data) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  });

  afterAll(async () => {
    fs.rmSync(FILE, { force: true });
    fs.rmSync(VISITOR_FILE, { force: true });
    if (tina && tina.exitCode === null) {
      tina.kill('SIGTERM');
      await new Promise((resolve) => tina.once('exit', resolve));
    }
  });

  it('creates a story with createDocument, as the editor does, and the file passes the story schema', async () => {
    const result = await graphql(
      port,
      `mutation Create($path: String!, $params: DocumentMutation!) {
        createDocument(collection: "story", relativePath: $path, params: $params) { __typename }
      }`,
      {
        path: `${SLUG}.md`,
        params: { story: storyParams },
      },
    );
    expect(result.errors).toBeUndefined();

    const { data, body } = readStory();
    expect(data).toMatchObject({ title: 'Written in the CMS', slug: SLUG, cause, draft: true });
    expect(body).toBe('Saved by TinaCMS.');
  });

  it('saves an edit with updateDocument into the same file', async () => {
    const result = await graphql(
      port,
      `mutation Update($path: String!, $params: DocumentUpdateMutation!) {
        updateDocument(collection: "story", relativePath: $path, params: $params) { __typename }
      }`,
      { path: `${SLUG}.md`, params: { story: { ...storyParams, title: 'Edited in the CMS' } } },
    );
    expect(result.errors).toBeUndefined();
    const { data, body } = readStory();
    expect(data).toMatchObject({ title: 'Edited in the CMS', slug: SLUG, summary: storyParams.summary });
    expect(body).toBe('Saved by TinaCMS.');
  });

  it('approves a visitor story through createDocument (the fallback for a read-only content folder) and withdraws it with deleteDocument', async () => {
    const media = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-tina-media-'));
    try {
      const publisher = createTinaStoryPublisher({
        graphqlUrl: `http://127.0.0.1:${port}/graphql`,
        token: undefined,
        mediaDir: media,
        brandName: 'Mendwell',
        now: () => Date.parse('2026-11-23T12:00:00.000Z'),
      });
      const story = 'I have worn it for **ten years**.\n\n<script>alert(1)</script> [x](javascript:alert(1))\n\n- resoled\n- rewaxed';
      const { slug } = await publisher.publish({ id: 'AbCdEf123456', title: `Visitor story through Tina ${process.pid}`, story, cause, displayName: null }, Buffer.from('jpeg'));
      expect(slug).toBe(VISITOR_SLUG);

      const text = fs.readFileSync(VISITOR_FILE, 'utf8');
      const [, frontmatter, body] = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text)!;
      expect(storySchema.parse(parseYaml(frontmatter!))).toMatchObject({ slug, origin: 'community', draft: true, submission: 'AbCdEf123456', customer: { name: 'Anonymous' } });
      const { code } = await (await createSatteriMarkdownProcessor({})).render(body!);
      expect(code).toContain('<strong>ten years</strong>');
      expect(code).not.toMatch(/<script|href="javascript/i);
      expect(fs.existsSync(path.join(media, 'community', `${slug}.jpg`))).toBe(true);

      expect(await publisher.unpublish(slug)).toBe(true);
      expect(fs.existsSync(VISITOR_FILE)).toBe(false);
      expect(fs.existsSync(path.join(media, 'community', `${slug}.jpg`))).toBe(false);
    } finally {
      fs.rmSync(media, { recursive: true, force: true });
    }
  });
});
