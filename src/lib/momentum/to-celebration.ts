import { celebrationSchema, type Celebration } from '../cards/schema.ts';
import type { MilestoneMetric } from './schema.ts';
import type { FoundWin } from './get-win.ts';

/** What each metric counts, singular and plural, as a card says it. */
const NOUNS: Record<Exclude<MilestoneMetric, 'generation'>, [string, string]> = {
  shares: ['share', 'shares'],
  reshares: ['reshare', 'reshares'],
  clicks: ['click', 'clicks'],
  uniqueVisitors: ['reader', 'readers'],
  conversions: ['action', 'actions'],
};

const ordinal = (n: number) => {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th';
  return `${n.toLocaleString('en-US')}${suffix}`;
};

const clip = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`);

/**
 * The big figure of a win's card: the milestone's threshold (what was celebrated, not the value
 * found when it was checked): "3rd generation", "First click", "1,000 clicks".
 */
export function winFigure(metric: MilestoneMetric, threshold: number): string {
  if (metric === 'generation') return `${ordinal(threshold)} generation`;
  const [one, many] = NOUNS[metric];
  return threshold === 1 ? `First ${one}` : `${threshold.toLocaleString('en-US')} ${many}`;
}

/**
 * What a win's celebration card draws. Figure: see winFigure. Label: the milestone's message
 * (its name when the message is too long for the card). Title: the story's title for a story's
 * win, the brand's name for the hub's; for an advocate's win the story their win came from, with
 * "shared by <name>" only when they gave a name (never anything that identifies them otherwise).
 */
export function toCelebration(
  win: Pick<FoundWin, 'scope' | 'metric' | 'threshold' | 'name' | 'message'>,
  context: { brandName: string; storyTitle?: string | undefined; advocateName?: string | null | undefined },
): Celebration {
  const { brandName, storyTitle, advocateName } = context;
  let title: string;
  if (win.scope === 'hub') title = brandName;
  else if (win.scope === 'story') title = storyTitle ?? brandName;
  else if (advocateName) title = storyTitle ? `${clip(storyTitle, 120)}, shared by ${advocateName}` : `Shared by ${advocateName}`;
  else title = storyTitle ?? brandName;
  return celebrationSchema.parse({
    figure: clip(winFigure(win.metric, win.threshold), 24),
    label: win.message.length <= 120 ? win.message : clip(win.name, 120),
    title: clip(title, 160),
  });
}
