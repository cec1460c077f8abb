import { describe, expect, it } from 'vitest';
import { deviceClass, detectTraffic } from '../../../src/lib/bots/detect-traffic.ts';
import { bots, people, previews } from '../../helpers/user-agents.ts';

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
