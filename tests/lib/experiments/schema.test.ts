import { describe, expect, it } from 'vitest';
import { experimentSchema } from '../../../src/lib/experiments/schema.ts';
import { experimentFile } from './experiment-fixtures.ts';

const issuesOf = (data: unknown) =>
  (experimentSchema.safeParse(data).error?.issues ?? []).map((issue) => ({ path: issue.path.join('.'), message: issue.message }));

describe('experimentSchema', () => {
  it('reads the file shape other tools write, with defaults for what it leaves out', () => {
    const data = experimentSchema.parse({
      ...experimentFile({ metric: 'conversionRate', goal: 'newsletter', secondary: ['readRate'], allocation: 'bandit', status: 'running' }),
      thresholds: { chanceToBeBest: 0.99, expectedLoss: 0.01 },
    });
    expect(data).toMatchObject({ metric: 'conversionRate', goal: 'newsletter', allocation: 'bandit', thresholds: { chanceToBeBest: 0.99, expectedLoss: 0.01 } });
    expect(experimentSchema.parse(experimentFile())).toMatchObject({
      secondary: [],
      allocation: 'equal',
      status: 'draft',
      thresholds: { chanceToBeBest: 0.95, expectedLoss: 0.005 },
    });
  });

  it('lets a variant set every varied field, and treats fields Tina left empty as absent', () => {
    const variant = {
      id: 'b',
      headline: 'H',
      summary: 'S',
      pullQuote: 'Q',
      card: { image: '/images/x.jpg', layout: 'quote' },
      cta: { text: 'Join', href: 'https://example.com/join' },
    };
    const data = experimentSchema.parse(experimentFile({ variants: [{ id: 'control', headline: '', card: { image: '', layout: '' } }, variant] }));
    expect(data.variants[1]).toEqual(variant);
    expect(data.variants[0]).toEqual({ id: 'control' });
  });

  it.each([
    ['a field that cannot vary', { variants: [{ id: 'control' }, { id: 'b', title: 'x' }] }, 'variants.1', /title cannot vary/],
    ['one variant only', { variants: [{ id: 'control' }] }, 'variants', /at least one other variant/],
    ['five variants', { variants: ['a', 'b', 'c', 'd', 'e'].map((id) => ({ id })) }, 'variants', /at most 4/],
    ['duplicate variant ids', { variants: [{ id: 'control' }, { id: 'control', headline: 'x' }] }, 'variants.1.id', /used twice/],
    ['conversionRate without a goal', { metric: 'conversionRate' }, 'goal', /needs the goal/],
    ['conversionRate as a secondary metric without a goal', { secondary: ['conversionRate'] }, 'goal', /needs the goal/],
    ['a chance to be best given in percent', { thresholds: { chanceToBeBest: 95 } }, 'thresholds.chanceToBeBest', /fraction below 1/],
    ['a chance to be best of a coin flip', { thresholds: { chanceToBeBest: 0.5 } }, 'thresholds.chanceToBeBest', /above 0.5/],
    ['an expected loss of zero', { thresholds: { expectedLoss: 0 } }, 'thresholds.expectedLoss', /above 0/],
    ['an expected loss of the whole rate', { thresholds: { expectedLoss: 1 } }, 'thresholds.expectedLoss', /below 1/],
    ['an unknown metric', { metric: 'likes' }, 'metric', /metric must be one of/],
    ['an unknown card layout', { variants: [{ id: 'control' }, { id: 'b', card: { layout: 'wide' } }] }, 'variants.1.card.layout', /layout must be one of/],
    ['a call to action leaving the site over http', { variants: [{ id: 'control' }, { id: 'b', cta: { href: 'http://x.test' } }] }, 'variants.1.cta.href', /./],
    ['the primary metric again as secondary', { secondary: ['shareRate'] }, 'secondary.0', /already read out/],
    ['a story that is not a slug', { story: 'Fourteen Winters' }, 'story', /lower-case/],
  ])('rejects %s, naming the field', (_case, over, path, message) => {
    const issues = issuesOf(experimentFile(over));
    expect(issues).toContainEqual({ path, message: expect.stringMatching(message) });
  });
});
