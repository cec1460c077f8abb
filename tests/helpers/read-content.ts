import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { brandSchema, type Brand } from '../../src/lib/brand/schema.ts';
import { journeySchema, storySchema, type JourneyData, type StoryData } from '../../src/lib/stories/schema.ts';

const CONTENT = path.resolve(import.meta.dirname, '../../content');

function frontmatterOf(file: string): unknown {
  const text = fs.readFileSync(file, 'utf8');
  const match = /^---\r?\n([\s\S]*?)\r?\n---/.exec(text);
  if (!match) throw new Error(`${file} has no frontmatter`);
  return parseYaml(match[1]!);
}

/** The demo content as the tests expect to see it published. */
export function readContent(): { brand: Brand; stories: StoryData[]; journeys: JourneyData[] } {
  const list = (folder: string) =>
    fs.readdirSync(path.join(CONTENT, folder)).filter((name) => name.endsWith('.md')).map((name) => path.join(CONTENT, folder, name));
  return {
    brand: brandSchema.parse(JSON.parse(fs.readFileSync(path.join(CONTENT, 'brand/brand.json'), 'utf8'))),
    stories: list('stories').map((file) => storySchema.parse(frontmatterOf(file))),
    journeys: list('journeys').map((file) => journeySchema.parse(frontmatterOf(file))),
  };
}

/** The text of an HTML <title> with entities decoded, as a person reads it. */
export function titleOf(html: string): string | undefined {
  const raw = /<title>([\s\S]*?)<\/title>/.exec(html)?.[1];
  return raw
    ?.replace(/&#(\d+);/g, (_m, code: string) => String.fromCodePoint(Number(code)))
    .replace(/&#x([0-9a-f]+);/gi, (_m, code: string) => String.fromCodePoint(parseInt(code, 16)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
