import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { clientAddress, optedOut, readCookie, serializeCookie } from '../../../src/server/http/cookies.ts';

const request = (headers: Record<string, string>, remoteAddress = '10.0.0.1') => ({ headers, socket: { remoteAddress } }) as unknown as IncomingMessage;

describe('cookies', () => {
  it.each([
    ['a plain value', 'hub_ref=abc.def', 'abc.def'],
    ['among others', 'a=1; hub_ref=x%20y; b=2', 'x y'],
    ['the first of two', 'hub_ref=first; hub_ref=second', 'first'],
    ['none', 'a=1', undefined],
    ['a broken escape, kept as sent (it never verifies)', 'hub_ref=%zz', '%zz'],
  ])('reads %s', (_case, header, value) => {
    expect(readCookie(request({ cookie: header }), 'hub_ref')).toBe(value);
  });

  it('reads nothing without a Cookie header', () => {
    expect(readCookie(request({}), 'hub_ref')).toBeUndefined();
  });

  it('writes first-party, httpOnly, SameSite=Lax cookies, Secure over HTTPS, the value encoded', () => {
    expect(serializeCookie('hub_adv', 'a b', { maxAgeSeconds: 60, secure: false })).toBe('hub_adv=a%20b; Path=/; Max-Age=60; HttpOnly; SameSite=Lax');
    expect(serializeCookie('hub_adv', 'x', { maxAgeSeconds: 0, secure: true })).toBe('hub_adv=x; Path=/; Max-Age=0; HttpOnly; SameSite=Lax; Secure');
  });

  it.each([
    [{ 'sec-gpc': '1' }, true],
    [{ dnt: '1' }, true],
    [{ dnt: '0' }, false],
    [{}, false],
  ])('reads the visitor asking not to be followed from %o', (headers, expected) => {
    expect(optedOut(request(headers))).toBe(expected);
  });

  it('takes the client address from the socket, and from X-Forwarded-For only behind a trusted proxy', () => {
    const req = request({ 'x-forwarded-for': '203.0.113.9, 10.0.0.2' });
    expect(clientAddress(req, false)).toBe('10.0.0.1');
    expect(clientAddress(req, true)).toBe('203.0.113.9');
  });
});
