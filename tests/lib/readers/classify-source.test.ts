import { describe, expect, it } from 'vitest';
import { classifySource } from '../../../src/lib/readers/classify-source.ts';
import { createOptedOutReaders } from '../../../src/lib/readers/create-opted-out-readers.ts';
import { createSourceLimiter } from '../../../src/lib/readers/create-source-limiter.ts';
import { pagePathOf } from '../../../src/lib/readers/page-path-of.ts';

const SITE = 'hub.example';
const page = (search = '', hash = '') => new URL(`https://${SITE}/stories/a-story/${search}${hash}`);

describe('classifySource', () => {
  it.each<[string, URL, string, [channel: string, source: string, medium?: string, campaign?: string]]>([
    ['no referrer is direct', page(), '', ['direct', '']],
    ['a page of this site is internal', page(), `https://${SITE}/stories/`, ['internal', '']],
    ['www. of this site is internal too', page(), `https://www.${SITE}/`, ['internal', '']],
    ['Google in any country is search', page(), 'https://www.google.co.uk/', ['search', 'google.co.uk']],
    ['Gmail on the web is email, not search', page(), 'https://mail.google.com/', ['email', 'mail.google.com']],
    ['X\'s link wrapper is social', page(), 'https://t.co/xyz', ['social', 't.co']],
    ['Facebook\'s link shim is social', page(), 'https://l.facebook.com/l.php', ['social', 'l.facebook.com']],
    ['WhatsApp Web is chat', page(), 'https://web.whatsapp.com/', ['chat', 'web.whatsapp.com']],
    ['any other site is a referral', page(), 'https://a-blog.example/post/1', ['referral', 'a-blog.example']],
    ['a referrer that is not a URL is direct', page(), 'not a url', ['direct', '']],
    ['a referrer that is not http(s) is direct', page(), 'android-app://com.google.android.gm/', ['direct', '']],
    ['utm_medium=email is email', page('?utm_source=Spring+Letter&utm_medium=Email&utm_campaign=Repairs'), 'https://www.google.com/', ['email', 'spring letter', 'email', 'repairs']],
    ['utm_source=facebook alone is social', page('?utm_source=facebook'), '', ['social', 'facebook']],
    ['utm_source=newsletter alone is email', page('?utm_source=newsletter'), '', ['email', 'newsletter']],
    ['utm_medium=cpc is search', page('?utm_source=bing&utm_medium=cpc'), '', ['search', 'bing', 'cpc']],
    ['an unknown utm_source is a referral', page('?utm_source=partner-shop'), '', ['referral', 'partner-shop']],
    ['a utm_campaign without a source is direct', page('?utm_campaign=winter'), '', ['direct', '', '', 'winter']],
    ['the share-link marker is a share link of its channel', page('', '#via=whatsapp'), 'https://l.facebook.com/', ['share link', 'whatsapp']],
    ['a marker naming no channel is ignored', page('', '#via=nowhere'), '', ['direct', '']],
  ])('%s', (_case, url, referrer, [channel, source, medium = '', campaign = '']) => {
    expect(classifySource(url, referrer, SITE)).toEqual({ channel, source, medium, campaign });
  });

  it('cuts utm values to 100 characters', () => {
    expect(classifySource(page(`?utm_source=${'x'.repeat(300)}`), '', SITE).source).toHaveLength(100);
  });
});

describe('pagePathOf', () => {
  const pages = new Set(['/', '/stories/a-story/', '/submit/']);
  const counts = (pathname: string) => pages.has(pathname);
  it.each<[string, string | undefined]>([
    [`https://${SITE}/stories/a-story/?utm_source=x#via=x`, '/stories/a-story/'],
    [`https://${SITE}/submit`, '/submit/'],
    [`http://localhost:4321/`, '/'],
    [`https://elsewhere.example/stories/a-story/`, undefined],
    [`https://${SITE}/stories/unknown/`, undefined],
    [`ftp://${SITE}/`, undefined],
    [`https://${SITE}/%zz/`, undefined],
    ['/stories/a-story/', undefined],
  ])('%s is %s', (url, expected) => {
    expect(pagePathOf(url, [SITE, 'localhost:4321'], counts)).toBe(expected);
  });
});

describe('createOptedOutReaders', () => {
  it('tells a new reader and a first read once per page and day, in memory', () => {
    const readers = createOptedOutReaders();
    expect(readers.news('2026-11-10', '/a/', 'h1', 'view')).toEqual({ newReader: true, newRead: false });
    expect(readers.news('2026-11-10', '/a/', 'h1', 'view')).toEqual({ newReader: false, newRead: false });
    expect(readers.news('2026-11-10', '/a/', 'h1', 'read')).toEqual({ newReader: false, newRead: true });
    expect(readers.news('2026-11-10', '/a/', 'h1', 'read')).toEqual({ newReader: false, newRead: false });
    expect(readers.news('2026-11-10', '/b/', 'h1', 'read')).toEqual({ newReader: true, newRead: true });
    // A new day forgets the last one's.
    expect(readers.news('2026-11-11', '/a/', 'h1', 'view')).toEqual({ newReader: true, newRead: false });
  });
});

describe('createSourceLimiter', () => {
  it('keeps the first sources of a page and day, folds later new ones into (other) of their channel', () => {
    const limiter = createSourceLimiter(2);
    const source = (name: string) => ({ channel: 'referral', source: name, medium: '', campaign: '' });
    expect(limiter.limit('2026-11-10', '/a/', source('one.example'))).toEqual(source('one.example'));
    expect(limiter.limit('2026-11-10', '/a/', source('two.example'))).toEqual(source('two.example'));
    expect(limiter.limit('2026-11-10', '/a/', source('three.example'))).toEqual(source('(other)'));
    expect(limiter.limit('2026-11-10', '/a/', source('one.example'))).toEqual(source('one.example'));
    expect(limiter.limit('2026-11-10', '/b/', source('three.example'))).toEqual(source('three.example'));
    expect(limiter.limit('2026-11-11', '/a/', source('three.example'))).toEqual(source('three.example'));
  });
});
