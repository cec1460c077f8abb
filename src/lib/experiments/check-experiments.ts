import type { StoryData } from '../stories/schema.ts';
import { variedFields, type ExperimentData } from './schema.ts';

/**
 * Cross-checks of experiments against the stories (the schema checks each file on its own):
 * the story exists, a running experiment's story is published, and no two running experiments
 * vary the same field of one story. One message per problem, naming the file and the field.
 */
export function checkExperiments(experiments: { id: string; data: ExperimentData }[], stories: Map<string, StoryData>): string[] {
  const problems: string[] = [];
  const claimed = new Map<string, string>();
  for (const { id, data } of experiments) {
    const file = `content/experiments/${id}.json`;
    const story = stories.get(data.story);
    if (!story) {
      problems.push(`${file}: story "${data.story}" is not a story in content/stories/`);
      continue;
    }
    if (data.status !== 'running') continue;
    if (story.draft) problems.push(`${file}: story "${data.story}" is a draft; a running experiment needs a published story`);
    for (const field of variedFields.filter((name) => data.variants.some((variant) => variant[name] !== undefined))) {
      const key = `${data.story}\u0000${field}`;
      const other = claimed.get(key);
      if (other) problems.push(`${file}: variants: ${field} of story "${data.story}" is already varied by running experiment "${other}"`);
      else claimed.set(key, id);
    }
  }
  return problems;
}
