import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { fieldErrors, moderatorEditSchema, moderatorNoteSchema } from '../../lib/submissions/schema.ts';
import type { HotRoute, RequestTarget } from '../create-hub-handler.ts';
import { HttpError, sendError, statusOf } from '../http-error.ts';
import { readBody } from '../read-body.ts';
import { sendJson } from '../respond.ts';
import { checkOrigin } from '../referrals/check-origin.ts';
import type { FormState, SubmissionContext } from '../submissions/submission-context.ts';
import { toHttpError } from '../submissions/to-http-error.ts';
import type { Editor } from './create-editor-auth.ts';

const loginSchema = z.object({ password: z.string().min(1, 'Enter the password.').max(1024), next: z.string().optional() });
const ACTIONS = ['edit', 'approve', 'reject', 'request-changes'] as const;
type Action = (typeof ACTIONS)[number];
const ID = /^[0-9A-Za-z]{8,16}$/;

/** Only a dashboard path of this site may follow a sign-in. */
function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/dashboard(?:\/[\w\-/]*)?$/.test(next) && !next.startsWith('/dashboard/login') ? next : '/dashboard/';
}

/** A page a browser navigates to (not the API, not a file such as a photo). */
const wantsHtml = (req: IncomingMessage, target: RequestTarget) =>
  !target.pathname.startsWith('/api/') && !/\.[a-z0-9]+$/i.test(target.pathname) && (req.method === 'GET' || req.method === 'HEAD');

/**
 * Everything under /dashboard and /api/dashboard: sign-in and sign-out, the guard (a browser is
 * sent to /dashboard/login, anything else gets 401), CSRF on every POST made with a session,
 * and the moderation actions on submissions. Signed-in pages render through Astro with the
 * editor and a CSRF token in locals.
 */
export function createDashboardRoutes(context: SubmissionContext): HotRoute {
  const { auth, submissions, renderPage } = context;
  const { config } = context.referrals;

  function page(req: IncomingMessage, res: ServerResponse, pathname: string, editor: Editor | undefined, extra: object = {}) {
    res.setHeader('Cache-Control', 'private, no-store');
    renderPage(req, res, pathname, { editor, csrf: auth.csrfToken(req, res), ...extra });
  }

  async function login(req: IncomingMessage, res: ServerResponse) {
    let next = '/dashboard/';
    try {
      checkOrigin(req, config.siteUrl);
      const body = await readBody(req, 4096);
      next = safeNext(body.fields.next);
      auth.checkCsrf(req, body.fields);
      const parsed = loginSchema.safeParse(body.fields);
      if (!parsed.success) throw new HttpError('invalid_request', parsed.error.issues[0]!.message);
      await auth.login(req, res, parsed.data.password);
      res.writeHead(303, { Location: next, 'Cache-Control': 'no-store' });
      res.end();
    } catch (error) {
      if (!(error instanceof HttpError) || res.headersSent) return sendError(res, error);
      for (const [name, value] of Object.entries(error.headers)) res.setHeader(name, value);
      const state: FormState = { status: statusOf(error.code), values: { next }, errors: {}, message: error.message };
      page(req, res, '/dashboard/login/', undefined, { formState: state });
    }
  }

  async function logout(req: IncomingMessage, res: ServerResponse) {
    checkOrigin(req, config.siteUrl);
    const body = await readBody(req, 4096);
    auth.checkCsrf(req, body.fields);
    auth.logout(req, res);
    res.writeHead(303, { Location: '/dashboard/login/', 'Cache-Control': 'no-store' });
    res.end();
  }

  async function moderate(req: IncomingMessage, res: ServerResponse, editor: Editor, id: string, action: Action) {
    checkOrigin(req, config.siteUrl);
    const body = await readBody(req, 64 * 1024);
    if (editor.via === 'session') auth.checkCsrf(req, body.fields);
    const back = `/dashboard/submissions/${id}/`;
    try {
      let result: object = {};
      if (action === 'edit') {
        const parsed = moderatorEditSchema.safeParse(body.fields);
        if (!parsed.success) throw new HttpError('invalid_request', 'Some fields need another look.', {}, fieldErrors(parsed.error.issues));
        await submissions.editByModerator(id, parsed.data);
      } else if (action === 'approve') {
        result = await submissions.approve(id);
      } else {
        const parsed = moderatorNoteSchema.safeParse(body.fields);
        if (!parsed.success) throw new HttpError('invalid_request', parsed.error.issues[0]!.message, {}, fieldErrors(parsed.error.issues));
        if (action === 'reject') await submissions.reject(id, parsed.data.note);
        else await submissions.requestChanges(id, parsed.data.note);
      }
      const submission = await submissions.getOrThrow(id);
      if (body.form) {
        res.writeHead(303, { Location: `${back}?done=${action}`, 'Cache-Control': 'no-store' });
        res.end();
        return;
      }
      sendJson(res, 200, { id, status: submission.status, ...result });
    } catch (caught) {
      const error = toHttpError(caught);
      if (!body.form || !(error instanceof HttpError)) throw error;
      const values = Object.fromEntries(Object.entries(body.fields).filter(([, value]) => typeof value === 'string')) as Record<string, string>;
      const state: FormState = { status: statusOf(error.code), values, errors: error.fields ?? {}, message: error.message };
      page(req, res, back, editor, { formState: state, formAction: action });
    }
  }

  async function photo(res: ServerResponse, id: string) {
    const submission = await submissions.getOrThrow(id).catch((error: unknown) => {
      throw toHttpError(error);
    });
    const data = await submissions.photo(submission);
    if (!data) throw new HttpError('unknown_submission', 'This submission has no photo.');
    res.writeHead(200, { 'Content-Type': 'image/jpeg', 'Content-Length': data.length, 'Cache-Control': 'private, no-store' });
    res.end(data);
  }

  async function api(res: ServerResponse, id: string | undefined) {
    if (!id) return sendJson(res, 200, { submissions: await submissions.list() });
    const submission = await submissions.getOrThrow(id).catch((error: unknown) => {
      throw toHttpError(error);
    });
    sendJson(res, 200, submission);
  }

  function route(req: IncomingMessage, res: ServerResponse, target: RequestTarget): Promise<void> | void {
    const { pathname } = target;
    const isRead = req.method === 'GET' || req.method === 'HEAD';
    if (pathname === '/dashboard/login' || pathname === '/dashboard/login/') {
      if (req.method === 'POST') return login(req, res);
      if (!isRead) throw new HttpError('method_not_allowed', 'Use GET or POST.', { Allow: 'GET, POST' });
      if (auth.authenticate(req)?.via === 'session') {
        res.writeHead(303, { Location: safeNext(new URLSearchParams(target.search).get('next')), 'Cache-Control': 'no-store' });
        res.end();
        return;
      }
      const next = safeNext(new URLSearchParams(target.search).get('next'));
      return page(req, res, '/dashboard/login/', undefined, { formState: { status: 200, values: { next }, errors: {} } });
    }

    const editor = auth.authenticate(req);
    if (!editor) {
      if (wantsHtml(req, target)) {
        res.writeHead(303, { Location: `/dashboard/login/?next=${encodeURIComponent(pathname)}`, 'Cache-Control': 'no-store' });
        res.end();
        return;
      }
      throw new HttpError('unauthorized', 'Sign in at /dashboard/login, or send Authorization: Bearer <HUB_ADMIN_TOKEN>.', {
        'WWW-Authenticate': 'Bearer',
      });
    }

    if (pathname === '/dashboard/logout') {
      if (req.method !== 'POST') throw new HttpError('method_not_allowed', 'Use POST.', { Allow: 'POST' });
      return logout(req, res);
    }
    const apiMatch = /^\/api\/dashboard\/submissions(?:\/([^/]+))?\/?$/.exec(pathname);
    if (apiMatch) {
      if (!isRead) throw new HttpError('method_not_allowed', 'Use GET.', { Allow: 'GET' });
      return api(res, apiMatch[1]);
    }
    const actionMatch = /^\/dashboard\/submissions\/([^/]+)\/([a-z.-]+)$/.exec(pathname);
    if (actionMatch && ID.test(actionMatch[1]!)) {
      const [, id, action] = actionMatch as unknown as [string, string, string];
      if (action === 'photo.jpg') return photo(res, id);
      if (!(ACTIONS as readonly string[]).includes(action)) throw new HttpError('unknown_submission', 'There is no such page.');
      if (req.method !== 'POST') throw new HttpError('method_not_allowed', 'Use POST.', { Allow: 'POST' });
      return moderate(req, res, editor, id, action as Action);
    }
    if (req.method === 'POST') {
      throw new HttpError('method_not_allowed', 'Dashboard pages take no POST.', { Allow: 'GET' });
    }
    return page(req, res, pathname + target.search, editor);
  }

  return (req, res, target) => {
    const { pathname } = target;
    if (pathname !== '/dashboard' && !pathname.startsWith('/dashboard/') && !pathname.startsWith('/api/dashboard/') && pathname !== '/api/dashboard') {
      return false;
    }
    try {
      const work = route(req, res, target);
      if (work) work.catch((error: unknown) => sendError(res, error));
    } catch (error) {
      sendError(res, error);
    }
    return true;
  };
}
