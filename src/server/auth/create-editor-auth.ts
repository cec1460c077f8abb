import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Kysely } from 'kysely';
import { EDITOR_NAME } from '../../lib/auth/ensure-editor.ts';
import { verifyPassword } from '../../lib/auth/hash-password.ts';
import type { HubConfig } from '../../lib/config/schema.ts';
import type { Database } from '../../lib/db/schema.ts';
import type { AbuseLimiter, LimitRule } from '../../lib/limits/create-abuse-limiter.ts';
import { createSigner } from '../../lib/referrals/create-signer.ts';
import type { VisitorHasher } from '../../lib/referrals/create-visitor-hasher.ts';
import { utcDay } from '../../lib/time/utc-day.ts';
import { clientAddress, readCookie } from '../http/cookies.ts';
import { HttpError } from '../http/http-error.ts';

export const SESSION_COOKIE = 'hub_session';
export const CSRF_COOKIE = 'hub_csrf';
/** The hidden form field (or X-CSRF-Token header) every dashboard POST carries. */
export const CSRF_FIELD = 'csrf';
const SESSION_HOURS = 12;
/** Sign-in attempts: 10 per client and 100 for everyone together (a distributed guess) per quarter of an hour, on every instance together. */
const PER_CLIENT: LimitRule = { max: 10, per: 'quarter-hour' };
const OVERALL: LimitRule = { max: 100, per: 'quarter-hour' };

/** Who is signed in, and how: a browser session (CSRF applies) or the API token (no cookies, no CSRF). */
export type Editor = { name: string; via: 'session' | 'token' };

const digest = (value: string) => createHash('sha256').update(value).digest();
const sameSecret = (a: string, b: string) => timingSafeEqual(digest(a), digest(b));

/**
 * Sign-in for the dashboard, reusable by every dashboard route: the built-in editor account
 * (password hashed with scrypt in the database), a signed session cookie (httpOnly,
 * SameSite=Lax, Secure behind HTTPS), CSRF tokens bound to a per-browser cookie, login attempts
 * limited per client, and `Authorization: Bearer <HUB_ADMIN_TOKEN>` for automation.
 */
export async function createEditorAuth(input: { db: Kysely<Database>; config: HubConfig; secret: Buffer; limiter: AbuseLimiter; hasher: VisitorHasher; now?: () => number }) {
  const { db, config, limiter, hasher } = input;
  const now = input.now ?? Date.now;
  const signer = createSigner(input.secret);
  const csrfKey = createHmac('sha256', input.secret).update('csrf').digest();

  async function passwordHash(): Promise<string | undefined> {
    const row = await db.selectFrom('editors').select('password_hash').where('name', '=', EDITOR_NAME).executeTakeFirst();
    return row?.password_hash;
  }
  // A session names the password it was opened with: changing HUB_ADMIN_PASSWORD ends every session.
  let stamp = createHash('sha256').update((await passwordHash()) ?? '').digest('base64url').slice(0, 12);

  /** HTTPS as the visitor sees it: SITE_URL says so, or a trusted proxy's X-Forwarded-Proto. */
  function isSecure(req: IncomingMessage): boolean {
    if (config.siteUrl.startsWith('https:')) return true;
    return config.trustProxy && String(req.headers['x-forwarded-proto'] ?? '').split(',')[0]?.trim() === 'https';
  }

  function cookie(req: IncomingMessage, name: string, value: string, maxAgeSeconds: number): string {
    const parts = [`${name}=${value}`, 'Path=/', `Max-Age=${maxAgeSeconds}`, 'HttpOnly', 'SameSite=Lax'];
    if (isSecure(req)) parts.push('Secure');
    return parts.join('; ');
  }

  function appendCookie(res: ServerResponse, value: string) {
    const current = res.getHeader('Set-Cookie');
    const list = Array.isArray(current) ? current : current ? [String(current)] : [];
    res.setHeader('Set-Cookie', [...list, value]);
  }

  function bearer(req: IncomingMessage): Editor | undefined {
    const given = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    return config.adminToken && given && sameSecret(given, config.adminToken) ? { name: 'api', via: 'token' } : undefined;
  }

  function session(req: IncomingMessage): Editor | undefined {
    const value = signer.verify(readCookie(req, SESSION_COOKIE));
    if (!value) return undefined;
    const [name, expires, sessionStamp] = value.split('.');
    if (name !== EDITOR_NAME || !(Number(expires) > now()) || sessionStamp !== stamp) return undefined;
    return { name, via: 'session' };
  }

  const csrfFor = (browser: string) => createHmac('sha256', csrfKey).update(browser).digest('base64url');

  return {
    isSecure,

    /** The editor behind this request (API token first, then the session cookie), or undefined. */
    authenticate(req: IncomingMessage): Editor | undefined {
      return bearer(req) ?? session(req);
    },

    /** The CSRF token for this browser's forms; sets the browser cookie it is bound to when missing. */
    csrfToken(req: IncomingMessage, res: ServerResponse): string {
      let browser = readCookie(req, CSRF_COOKIE);
      if (!browser || !/^[A-Za-z0-9_-]{32}$/.test(browser)) {
        browser = randomBytes(24).toString('base64url');
        appendCookie(res, cookie(req, CSRF_COOKIE, browser, 7 * 86_400));
        // Later lookups in this same request see the new cookie.
        req.headers.cookie = `${req.headers.cookie ? `${req.headers.cookie}; ` : ''}${CSRF_COOKIE}=${browser}`;
      }
      return csrfFor(browser);
    },

    /** Throws 403 unless the form field or X-CSRF-Token header matches this browser's token. */
    checkCsrf(req: IncomingMessage, fields: Record<string, unknown>): void {
      const browser = readCookie(req, CSRF_COOKIE);
      const given = fields[CSRF_FIELD] ?? req.headers['x-csrf-token'];
      if (!browser || typeof given !== 'string' || !sameSecret(given, csrfFor(browser))) {
        throw new HttpError('forbidden_csrf', 'This form has expired or did not come from this site. Reload the page and try again.');
      }
    },

    /**
     * Checks the password, counting the attempt; on success sets the session cookie. Throws
     * 429 (with Retry-After) when this client or everyone tried too often, 401 when wrong.
     */
    async login(req: IncomingMessage, res: ServerResponse, password: string): Promise<void> {
      const client = await hasher.hash(utcDay(now()), clientAddress(req, config.trustProxy), '', 'limit:sign-in');
      const tooMany = (wait: number) =>
        new HttpError('rate_limited', `Too many sign-in attempts. Try again in ${Math.ceil(wait / 60)} minute(s).`, { 'Retry-After': String(wait) });
      const mine = await limiter.take('sign-in-client', client, PER_CLIENT);
      if (!mine.allowed) throw tooMany(mine.retryAfterSeconds);
      const everyone = await limiter.take('sign-in-all', 'all', OVERALL);
      if (!everyone.allowed) {
        await mine.giveBack();
        throw tooMany(everyone.retryAfterSeconds);
      }
      const hash = await passwordHash();
      if (!hash || !(await verifyPassword(password, hash))) {
        throw new HttpError('unauthorized', 'That password is not right.');
      }
      await limiter.forget('sign-in-client', client);
      stamp = createHash('sha256').update(hash).digest('base64url').slice(0, 12);
      const expires = now() + SESSION_HOURS * 3_600_000;
      appendCookie(res, cookie(req, SESSION_COOKIE, signer.sign(`${EDITOR_NAME}.${expires}.${stamp}`), SESSION_HOURS * 3600));
    },

    /** Ends the session in this browser. */
    logout(req: IncomingMessage, res: ServerResponse): void {
      appendCookie(res, cookie(req, SESSION_COOKIE, '', 0));
    },
  };
}

export type EditorAuth = Awaited<ReturnType<typeof createEditorAuth>>;
