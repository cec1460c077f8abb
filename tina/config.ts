import { defineConfig } from 'tinacms';
import { brandCollection } from './collections/brand.ts';
import { experimentCollection } from './collections/experiment.ts';
import { journeyCollection } from './collections/journey.ts';
import { milestoneCollection } from './collections/milestone.ts';
import { storyCollection } from './collections/story.ts';

/** Local mode: content lives in content/ as Markdown and JSON, edited through `npm run dev`. */
export default defineConfig({
  branch: process.env.TINA_BRANCH || process.env.HEAD || 'main',
  clientId: process.env.TINA_CLIENT_ID || null,
  token: process.env.TINA_TOKEN || null,
  telemetry: 'disabled',
  build: { outputFolder: 'admin', publicFolder: 'public' },
  media: { tina: { mediaRoot: 'images', publicFolder: 'public' } },
  schema: { collections: [storyCollection, journeyCollection, brandCollection, milestoneCollection, experimentCollection] },
});
