import { describe, expect, it } from 'vitest';
import { parseSitePath } from '../../../src/server/http/site-path.ts';

describe('parseSitePath', () => {
  it.each([
    ['/', { pathname: '/', search: '' }],
    ['/stories/a-b/', { pathname: '/stories/a-b/', search: '' }],
    ['/stories/a?ref=x', { pathname: '/stories/a', search: '?ref=x' }],
    ['/caf%C3%A9/', { pathname: '/café/', search: '' }],
    ['/a/../b/', { pathname: '/b/', search: '' }],
    ['/a/%2E%2E/b', { pathname: '/b', search: '' }],
    ['/a%2Fb', { pathname: '/a/b', search: '' }],
  ])('decodes %s', (raw, expected) => {
    expect(parseSitePath(raw)).toEqual(expected);
  });

  it.each([
    ['no path', undefined],
    ['a relative path', 'stories/'],
    ['another host to a browser', '//evil.example/'],
    ['an encoded second slash', '/%2F%2Fevil.example/'],
    ['a broken escape', '/%zz/'],
    ['a lone percent sign', '/%'],
    ['a NUL', '/stories/%00/'],
    ['a backslash', '/%5Cevil.example/'],
    ['an absolute URL', 'http://evil.example/'],
  ])('refuses %s', (_case, raw) => {
    expect(parseSitePath(raw)).toBeUndefined();
  });
});
