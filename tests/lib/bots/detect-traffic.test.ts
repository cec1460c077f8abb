import corpus from 'crawler-user-agents';
import { describe, expect, it } from 'vitest';
import { deviceClass, detectTraffic } from '../../../src/lib/bots/detect-traffic.ts';
import { bots, people, previews } from '../../helpers/user-agents.ts';

/**
 * Entries of the crawler-user-agents corpus that are people: in-app browsers and site-specific
 * browsers show a shared link to the person who tapped it.
 */
const CORPUS_PEOPLE = new Map([
  ['AP3A\\.240617\\.008', "Instagram's in-app browser on Android (the corpus keys it by a build id)"],
  ['MetaIAB Facebook', "Facebook's in-app browser on Android"],
  ['Fluid', 'a site-specific browser a person browses with'],
]);
const corpusAgents = corpus.flatMap((entry) => entry.instances.map((ua) => ({ pattern: entry.pattern, ua })));

describe('detectTraffic', () => {
  it.each(people)('counts %s as a person', (_name, ua) => {
    expect(detectTraffic('GET', ua)).toEqual({ person: true });
  });
  it.each(previews)('does not count a %s link preview as a click', (_name, ua) => {
    expect(detectTraffic('GET', ua)).toEqual({ person: false, reason: 'preview' });
  });
  it.each(bots)('does not count %s as a click', (_name, ua) => {
    expect(detectTraffic('GET', ua)).toEqual({ person: false, reason: 'bot' });
  });
  it(`counts none of the ${corpusAgents.length} user agents of the crawler-user-agents corpus but its in-app and site-specific browsers`, () => {
    const counted = corpusAgents.filter(({ ua }) => detectTraffic('GET', ua).person);
    expect(counted.map(({ pattern }) => pattern).sort()).toEqual([...CORPUS_PEOPLE.keys()].sort());
  });
  it('never counts HEAD, even from a browser', () => {
    expect(detectTraffic('HEAD', people[0][1])).toEqual({ person: false, reason: 'head' });
  });
});

describe('deviceClass', () => {
  it.each([
    [people[0][1], 'mobile'],
    [people[1][1], 'mobile'],
    [people[2][1], 'desktop'],
    ['Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1', 'tablet'],
  ])('%s -> %s', (ua, device) => {
    expect(deviceClass(ua)).toBe(device);
  });
});
