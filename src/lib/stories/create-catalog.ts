import type { Brand, Cause } from '../brand/schema.ts';
import { checkExperiments } from '../experiments/check-experiments.ts';
import type { ExperimentData } from '../experiments/schema.ts';
import { intents, type Intent, type JourneyData, type StoryData } from './schema.ts';

/** An entry as a content loader gives it: an id, validated data, and an opaque handle to render the body. */
export type Entry<Data> = { id: string; data: Data };

export type Catalog<S extends Entry<StoryData>, J extends Entry<JourneyData>, X extends Entry<ExperimentData> = Entry<ExperimentData>> = {
  brand: Brand;
  /** Published stories, newest first. */
  stories: S[];
  /** Published journeys, newest first. */
  journeys: J[];
  causes: Cause[];
  /** Every experiment, whatever its status. */
  experiments: X[];
  getExperiment(id: string): X | undefined;
  getCause(slug: string): Cause | undefined;
  getStory(slug: string): S | undefined;
  getJourney(slug: string): J | undefined;
  /** Published stories matching both filters (either may be absent), newest first. */
  filterStories(filter: { cause?: string | undefined; intent?: Intent | undefined }): S[];
  /** Stories a journey links to, in its order, drafts left out. */
  storiesOfJourney(journey: J): S[];
  /** Journeys that link to a story. */
  journeysOfStory(story: S): J[];
  /** Up to `limit` other stories, same cause first, then same intent, newest first. */
  relatedStories(story: S, limit?: number): S[];
};

/** Thrown when content points at something that does not exist; the build stops with the message. */
export class ContentError extends Error {
  override name = 'ContentError';
}

const newestFirst = (a: Entry<{ publishedAt: Date }>, b: Entry<{ publishedAt: Date }>) =>
  b.data.publishedAt.getTime() - a.data.publishedAt.getTime();

/**
 * Builds the reading side of the published site from validated content: drops drafts, checks
 * every cross-reference (causes, linked stories, slugs equal to file names, experiments' stories)
 * and indexes it.
 */
export function createCatalog<S extends Entry<StoryData>, J extends Entry<JourneyData>, X extends Entry<ExperimentData> = Entry<ExperimentData>>(input: {
  brand: Brand;
  stories: S[];
  journeys: J[];
  experiments?: X[];
}): Catalog<S, J, X> {
  const { brand } = input;
  const causes = new Map(brand.causes.map((cause) => [cause.slug, cause]));
  const problems: string[] = [];
  const allStories = new Map(input.stories.map((story) => [story.data.slug, story]));

  for (const entry of [...input.stories, ...input.journeys]) {
    if (entry.id !== entry.data.slug) {
      problems.push(`${entry.id}: slug "${entry.data.slug}" must equal the file name "${entry.id}"`);
    }
    if (!causes.has(entry.data.cause)) {
      problems.push(`${entry.id}: cause "${entry.data.cause}" is not one of the brand's causes`);
    }
  }
  for (const journey of input.journeys) {
    for (const { story } of journey.data.stories) {
      if (!allStories.has(story)) problems.push(`${journey.id}: linked story "${story}" does not exist`);
    }
  }
  const experiments = input.experiments ?? [];
  problems.push(...checkExperiments(experiments, new Map([...allStories].map(([slug, story]) => [slug, story.data]))));
  if (problems.length > 0) throw new ContentError(`Content problems:\n  ${problems.join('\n  ')}`);

  const stories = input.stories.filter((story) => !story.data.draft).sort(newestFirst);
  const journeys = input.journeys.filter((journey) => !journey.data.draft).sort(newestFirst);
  const storyBySlug = new Map(stories.map((story) => [story.data.slug, story]));
  const journeyBySlug = new Map(journeys.map((journey) => [journey.data.slug, journey]));

  const experimentById = new Map(experiments.map((experiment) => [experiment.id, experiment]));
  const filterStories: Catalog<S, J, X>['filterStories'] = ({ cause, intent }) =>
    stories.filter(
      (story) => (!cause || story.data.cause === cause) && (!intent || story.data.intent === intent),
    );

  return {
    brand,
    stories,
    journeys,
    causes: brand.causes,
    experiments,
    getExperiment: (id) => experimentById.get(id),
    getCause: (slug) => causes.get(slug),
    getStory: (slug) => storyBySlug.get(slug),
    getJourney: (slug) => journeyBySlug.get(slug),
    filterStories,
    storiesOfJourney: (journey) =>
      journey.data.stories.flatMap(({ story }) => storyBySlug.get(story) ?? []),
    journeysOfStory: (story) =>
      journeys.filter((journey) => journey.data.stories.some((link) => link.story === story.data.slug)),
    relatedStories: (story, limit = 3) => {
      const score = (other: S) =>
        (other.data.cause === story.data.cause ? 2 : 0) + (other.data.intent === story.data.intent ? 1 : 0);
      return stories
        .filter((other) => other !== story)
        .map((other, index) => ({ other, index, score: score(other) }))
        .sort((a, b) => b.score - a.score || a.index - b.index)
        .slice(0, limit)
        .map(({ other }) => other);
    },
  };
}

/** Every filter page worth a URL: each cause, each intent, and each pair that has stories. */
export function storyFilterPaths(catalog: Pick<Catalog<Entry<StoryData>, Entry<JourneyData>>, 'causes' | 'filterStories'>) {
  const paths: { cause?: string; intent?: Intent }[] = [];
  for (const cause of catalog.causes) paths.push({ cause: cause.slug });
  for (const intent of intents) paths.push({ intent });
  for (const cause of catalog.causes) {
    for (const intent of intents) {
      if (catalog.filterStories({ cause: cause.slug, intent }).length > 0) paths.push({ cause: cause.slug, intent });
    }
  }
  return paths;
}

/** The URL of a filtered story list. */
export function storiesUrl(filter: { cause?: string | undefined; intent?: string | undefined }): string {
  let url = '/stories/';
  if (filter.cause) url += `cause/${filter.cause}/`;
  if (filter.intent) url += `intent/${filter.intent}/`;
  return url;
}
