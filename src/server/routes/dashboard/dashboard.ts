import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { FormState } from '../../../lib/forms/form-state.ts';
import { fieldErrors, moderatorEditSchema, moderatorNoteSchema } from '../../../lib/submissions/schema.ts';
import type { HubServices } from '../../create-hub-services.ts';
import { bodyOf } from '../../http/body-parsers.ts';
import { HttpError } from '../../http/http-error.ts';
import type { PageRenderer, PageState } from '../../http/render-page.ts';
import { seeOther, sendJson } from '../../http/replies.ts';
import { orHttpError } from '../submissions/submission-errors.ts';

const loginSchema = z.object({ password: z.string().min(1, 'Enter the password.').max(1024), next: z.string().optional() });
const ACTIONS = ['edit', 'approve', 'reject', 'request-changes'] as const;
type Action = (typeof ACTIONS)[number];
const ID = /^[0-9A-Za-z]{8,16}$/;

/** Only a dashboard path of this site may follow a sign-in. */
function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/dashboard(?:\/[\w\-/]*)?$/.test(next) && !next.startsWith('/dashboard/login') ? next : '/dashboard/';
}

const stringValues = (fields: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(fields).filter(([, value]) => typeof value === 'string')) as Record<string, string>;

function submissionIdOf(request: FastifyRequest): string {
  const { id } = request.params as { id: string };
  if (!ID.test(id)) throw new HttpError('unknown_submission', 'There is no such page.');
  return id;
}

/**
 * The dashboard: sign-in and sign-out, the submissions API, the moderation actions (a form post
 * answered with the submission's page, again with the errors when one fails), and the signed-in
 * pages, rendered by Astro with the editor and a CSRF token. The route table guards every route
 * but the sign-in (auth, CSRF, same origin).
 */
export function createDashboardHandlers(services: HubServices, renderPage: PageRenderer) {
  const { auth, submissions } = services;

  /** A dashboard page, private, with this browser's CSRF token for its forms. */
  function page(request: FastifyRequest, reply: FastifyReply, pathname: string, state: Partial<PageState> = {}, headers: Record<string, string> = {}) {
    renderPage(request, reply, pathname, { csrf: auth.csrfToken(request.raw, reply.raw), ...state }, { 'Cache-Control': 'private, no-store', ...headers });
  }

  return {
    loginPage(request: FastifyRequest, reply: FastifyReply) {
      const next = safeNext((request.query as Record<string, unknown>).next);
      if (auth.authenticate(request.raw)?.via === 'session') return seeOther(reply, next);
      page(request, reply, '/dashboard/login/', { formState: { status: 200, values: { next }, errors: {} } });
    },

    login: {
      async handle(request: FastifyRequest, reply: FastifyReply) {
        const { fields } = bodyOf(request);
        auth.checkCsrf(request.raw, fields);
        const parsed = loginSchema.safeParse(fields);
        if (!parsed.success) throw new HttpError('invalid_request', parsed.error.issues[0]!.message);
        await auth.login(request.raw, reply.raw, parsed.data.password);
        return seeOther(reply, safeNext(fields.next));
      },
      /** Any refusal shows the sign-in form again with the reason. */
      answerError(error: HttpError, request: FastifyRequest, reply: FastifyReply) {
        const next = safeNext((request.body as { fields?: Record<string, unknown> } | undefined)?.fields?.next);
        const formState: FormState = { status: error.status, values: { next }, errors: {}, message: error.message };
        page(request, reply, '/dashboard/login/', { formState }, error.headers);
        return true;
      },
    },

    logout(request: FastifyRequest, reply: FastifyReply) {
      auth.logout(request.raw, reply.raw);
      return seeOther(reply, '/dashboard/login/');
    },

    async submissionList(_request: FastifyRequest, reply: FastifyReply) {
      return sendJson(reply, { submissions: await submissions.list() });
    },

    async submissionDetail(request: FastifyRequest, reply: FastifyReply) {
      return sendJson(reply, await orHttpError(submissions.getOrThrow(submissionIdOf(request))));
    },

    async moderationPhoto(request: FastifyRequest, reply: FastifyReply) {
      const submission = await orHttpError(submissions.getOrThrow(submissionIdOf(request)));
      const data = await submissions.photo(submission);
      if (!data) throw new HttpError('unknown_submission', 'This submission has no photo.');
      return reply.headers({ 'Content-Type': 'image/jpeg', 'Cache-Control': 'private, no-store' }).send(data);
    },

    moderate: {
      async handle(request: FastifyRequest, reply: FastifyReply) {
        const id = submissionIdOf(request);
        const { action } = request.params as { action: string };
        if (!(ACTIONS as readonly string[]).includes(action)) throw new HttpError('unknown_submission', 'There is no such page.');
        const body = bodyOf(request);
        let result: object = {};
        if (action === 'edit') {
          const parsed = moderatorEditSchema.safeParse(body.fields);
          if (!parsed.success) throw new HttpError('invalid_request', 'Some fields need another look.', {}, fieldErrors(parsed.error.issues));
          await orHttpError(submissions.editByModerator(id, parsed.data));
        } else if (action === 'approve') {
          result = await orHttpError(submissions.approve(id));
        } else {
          const parsed = moderatorNoteSchema.safeParse(body.fields);
          if (!parsed.success) throw new HttpError('invalid_request', parsed.error.issues[0]!.message, {}, fieldErrors(parsed.error.issues));
          if (action === 'reject') await orHttpError(submissions.reject(id, parsed.data.note));
          else await orHttpError(submissions.requestChanges(id, parsed.data.note));
        }
        const submission = await orHttpError(submissions.getOrThrow(id));
        if (body.form) return seeOther(reply, `/dashboard/submissions/${id}/?done=${action}`);
        return sendJson(reply, { id, status: submission.status, ...result });
      },
      /** A moderation form that failed shows the submission's page again, with what was typed and why. */
      answerError(error: HttpError, request: FastifyRequest, reply: FastifyReply) {
        const body = request.body as { form: boolean; fields: Record<string, unknown> } | undefined;
        const { id, action } = request.params as { id: string; action: Action };
        if (!body?.form || !request.caller || !ID.test(id) || error.code === 'forbidden_csrf' || error.code === 'forbidden_origin') return false;
        const formState: FormState = { status: error.status, values: stringValues(body.fields), errors: error.fields ?? {}, message: error.message };
        page(request, reply, `/dashboard/submissions/${id}/`, { editor: request.caller, formState, formAction: action });
        return true;
      },
    },

    dashboardPage(request: FastifyRequest, reply: FastifyReply) {
      page(request, reply, request.url, { editor: request.caller ?? null });
    },
  };
}
