import type { Cause } from '../brand/schema.ts';
import type { JourneyData, StoryData } from '../stories/schema.ts';
import type { CardContent } from './schema.ts';

/** What a story's cards draw. */
export function storyCardContent(story: StoryData, cause: Cause | undefined): CardContent {
  return {
    kind: 'stories',
    slug: story.slug,
    title: story.title,
    quote: story.pullQuote,
    customer: { name: story.customer.name, role: story.customer.role, photo: story.customer.photo },
    image: story.hero.image,
    imageAlt: story.hero.alt,
    cause: cause?.name ?? story.cause,
  };
}

/** What a journey's cards draw: its last stage's quote stands in for a pull quote. */
export function journeyCardContent(journey: JourneyData, cause: Cause | undefined): CardContent {
  return {
    kind: 'journeys',
    slug: journey.slug,
    title: journey.title,
    quote: journey.stages[journey.stages.length - 1]!.quote,
    customer: { name: journey.customer.name, role: journey.customer.role, photo: journey.customer.photo },
    image: journey.hero.image,
    imageAlt: journey.hero.alt,
    cause: cause?.name ?? journey.cause,
  };
}

/** Alt text of a card image: what it shows, for people who cannot see it. */
export function cardAlt(content: CardContent, brandName: string): string {
  return `${brandName} card: “${content.title}”, with ${content.customer.name}'s words: “${content.quote}”`;
}
