import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import { DAY_MS, utcDay } from '../../lib/time/utc-day.ts';
import { processPhoto } from '../../lib/submissions/process-photo.ts';
import {
  consentText,
  fieldErrors,
  PHOTO_MAX_BYTES,
  submissionEditSchema,
  submissionInputSchema,
} from '../../lib/submissions/schema.ts';
import { clientAddress } from '../cookies.ts';
import type { HotRoute } from '../create-hub-handler.ts';
import { HttpError, sendError, statusOf } from '../http-error.ts';
import { fieldsReadBefore, readForm, type ParsedForm } from '../read-form.ts';
import { sendJson } from '../respond.ts';
import { checkOrigin } from '../referrals/check-origin.ts';
import { convertVisitor } from '../referrals/convert-route.ts';
import type { FormState, SubmissionContext } from './submission-context.ts';
import { toHttpError } from './to-http-error.ts';

const LIMITS = { maxFieldBytes: 64 * 1024, maxFileBytes: PHOTO_MAX_BYTES };
/** The form's start stamp is honoured for a day; older pages must be reloaded. */
const STARTED_MAX_AGE_MS = DAY_MS;
const TOKEN = /^[0-9A-Za-z]{20,64}$/;

/** A browser's form post (answered with pages), as opposed to an API client's JSON. */
function isFormPost(req: IncomingMessage): boolean {
  const type = (req.headers['content-type'] ?? '').toLowerCase();
  return type.startsWith('multipart/form-data') || type.startsWith('application/x-www-form-urlencoded');
}

/** Typed values to show again in the form (never the photo, never the honeypot). */
function typedValues(fields: Record<string, unknown>): Record<string, string> {
  const values: Record<string, string> = {};
  for (const name of ['title', 'story', 'cause', 'name', 'email', 'consent']) {
    const value = fields[name];
    if (typeof value === 'string') values[name] = value;
    else if (value === true) values[name] = 'on';
  }
  return values;
}

/**
 * POST /api/submissions: a visitor's story (multipart with an optional photo, an HTML form or
 * JSON). Form posts get a 303 to their private link, or the form again with the errors and what
 * they typed; JSON gets 201 or `{ error: { code, message, fields } }`.
 * GET /submissions/<token>/photo.jpg, POST /submissions/<token>/edit and .../withdraw: the
 * visitor's private link.
 */
export function createSubmissionRoutes(context: SubmissionContext): HotRoute {
  const { referrals, submissions } = context;
  const { config } = referrals;

  /** The signed time the /submit page was served: bots post faster than people type. */
  function checkNotSpam(fields: Record<string, unknown>) {
    if (typeof fields.website === 'string' && fields.website.trim() !== '') {
      throw new HttpError('spam_suspected', 'This looks automated, so it was not sent. If you are a person, please write to us instead.');
    }
    const started = Number(referrals.signer.verify(typeof fields.started === 'string' ? fields.started : undefined));
    const age = referrals.now() - started;
    if (!Number.isFinite(started) || age < config.submissionMinSeconds * 1000 || age > STARTED_MAX_AGE_MS) {
      throw new HttpError('spam_suspected', 'This form was sent too quickly or is too old. Please take a moment, reload the page and send it again.');
    }
  }

  async function photoOf(body: ParsedForm): Promise<Buffer | undefined> {
    if (!body.file) return undefined;
    const photo = await processPhoto(body.file.data);
    if (!photo) {
      throw new HttpError('invalid_request', 'The photo must be a JPEG, PNG or WebP image.', {}, { photo: 'Choose a JPEG, PNG or WebP image (up to 5 MB).' });
    }
    return photo;
  }

  /** The fields checked by `schema` and the cause checked against the brand's: else a 400 with a message per field. */
  function validFields<T extends { cause: string }>(schema: z.ZodType<T>, fields: Record<string, unknown>): T {
    const parsed = schema.safeParse(fields);
    if (!parsed.success) throw new HttpError('invalid_request', 'Some fields need another look.', {}, fieldErrors(parsed.error.issues));
    const causes = referrals.site.brand.causes;
    if (causes.length > 0 && !causes.some((known) => known.slug === parsed.data.cause)) {
      throw new HttpError('invalid_request', 'cause: choose one of the causes in the list.', {}, { cause: 'Please choose one of the causes in the list.' });
    }
    return parsed.data;
  }

  /** Answers an error: JSON for API clients, the form again (with what was typed) for browsers. */
  function answerError(req: IncomingMessage, res: ServerResponse, error: unknown, form: boolean, page: string, fields: Record<string, unknown>) {
    const mapped = toHttpError(error);
    if (!form || !(mapped instanceof HttpError) || res.headersSent) return sendError(res, mapped);
    for (const [name, value] of Object.entries(mapped.headers)) res.setHeader(name, value);
    const state: FormState = {
      status: statusOf(mapped.code),
      values: typedValues(fields),
      errors: mapped.fields ?? {},
      ...(mapped.fields ? {} : { message: mapped.message }),
    };
    context.renderPage(req, res, page, { formState: state });
  }

  async function submit(req: IncomingMessage, res: ServerResponse) {
    checkOrigin(req, config.siteUrl);
    const form = isFormPost(req);
    let fields: Record<string, unknown> = {};
    try {
      const body = await readForm(req, LIMITS);
      fields = body.fields;
      checkNotSpam(fields);
      const input = validFields(submissionInputSchema, fields);
      const photo = await photoOf(body);
      const time = referrals.now();
      const visitor = await referrals.hasher.hash(utcDay(time), clientAddress(req, config.trustProxy), req.headers['user-agent'] ?? '', 'submit');
      const created = await submissions.create(input, { visitor, consentText: consentText(referrals.site.brand.name), photo });
      await convertVisitor(referrals, req, 'story-submitted');
      const statusPath = `/submissions/${created.token}/`;
      if (form) {
        res.writeHead(303, { Location: `${statusPath}?sent=1`, 'Cache-Control': 'no-store' });
        res.end();
        return;
      }
      sendJson(res, 201, { id: created.id, status: 'pending', statusUrl: `${config.siteUrl}${statusPath}` });
    } catch (error) {
      answerError(req, res, error, form, '/submit/', { ...fieldsReadBefore(error), ...fields });
    }
  }

  async function edit(req: IncomingMessage, res: ServerResponse, token: string) {
    checkOrigin(req, config.siteUrl);
    const form = isFormPost(req);
    let fields: Record<string, unknown> = {};
    try {
      const body = await readForm(req, LIMITS);
      fields = body.fields;
      const input = validFields(submissionEditSchema, fields);
      const photo = await photoOf(body);
      await submissions.editByVisitor(token, input, { consentText: consentText(referrals.site.brand.name), photo });
      if (form) {
        res.writeHead(303, { Location: `/submissions/${token}/?saved=1`, 'Cache-Control': 'no-store' });
        res.end();
        return;
      }
      sendJson(res, 200, { status: 'pending' });
    } catch (error) {
      answerError(req, res, error, form, `/submissions/${token}/`, { ...fieldsReadBefore(error), ...fields });
    }
  }

  async function withdraw(req: IncomingMessage, res: ServerResponse, token: string) {
    checkOrigin(req, config.siteUrl);
    const body = await readForm(req, { maxFieldBytes: 4096, maxFileBytes: 0 });
    await submissions.withdraw(token).catch((error: unknown) => {
      throw toHttpError(error);
    });
    if (body.form) {
      res.writeHead(303, { Location: `/submissions/${token}/?withdrawn=1`, 'Cache-Control': 'no-store' });
      res.end();
      return;
    }
    sendJson(res, 200, { status: 'withdrawn' });
  }

  async function photo(res: ServerResponse, token: string) {
    const submission = await submissions.getByToken(token);
    const data = submission ? await submissions.photo(submission) : undefined;
    if (!data) throw new HttpError('unknown_submission', 'There is no photo at this link.');
    res.writeHead(200, { 'Content-Type': 'image/jpeg', 'Content-Length': data.length, 'Cache-Control': 'private, no-store' });
    res.end(data);
  }

  const methodNotAllowed = (res: ServerResponse, allow: string) =>
    sendError(res, new HttpError('method_not_allowed', `Use ${allow}.`, { Allow: allow }));

  return (req, res, target) => {
    if (target.pathname === '/api/submissions') {
      if (req.method !== 'POST') methodNotAllowed(res, 'POST');
      else submit(req, res).catch((error: unknown) => sendError(res, error));
      return true;
    }
    const match = /^\/submissions\/([^/]+)\/(photo\.jpg|edit|withdraw)$/.exec(target.pathname);
    if (!match) return false;
    const [, token, action] = match as unknown as [string, string, string];
    if (!TOKEN.test(token)) {
      sendError(res, new HttpError('unknown_submission', 'There is no submission at this link.'));
      return true;
    }
    if (action === 'photo.jpg') {
      if (req.method !== 'GET' && req.method !== 'HEAD') methodNotAllowed(res, 'GET');
      else photo(res, token).catch((error: unknown) => sendError(res, error));
      return true;
    }
    if (req.method !== 'POST') {
      methodNotAllowed(res, 'POST');
      return true;
    }
    if (action === 'edit') edit(req, res, token).catch((error: unknown) => sendError(res, error));
    else withdraw(req, res, token).catch((error: unknown) => sendError(res, error));
    return true;
  };
}
