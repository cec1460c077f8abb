import type { FastifyReply, FastifyRequest } from 'fastify';
import { STAMP_MAX_AGE_MS } from '../../../lib/submissions/create-form-stamps.ts';
import { dayEnd, utcDay } from '../../../lib/time/utc-day.ts';
import { consentText, submissionEditSchema, submissionInputSchema } from '../../../lib/submissions/schema.ts';
import type { HubServices } from '../../create-hub-services.ts';
import { bodyOf } from '../../http/body-parsers.ts';
import { clientAddress } from '../../http/cookies.ts';
import { HttpError } from '../../http/http-error.ts';
import type { PageRenderer } from '../../http/render-page.ts';
import { seeOther, sendJson } from '../../http/replies.ts';
import { convertVisitor } from '../referrals/convert.ts';
import { orHttpError } from './submission-errors.ts';
import { createStoryForm } from './story-form.ts';

const TOKEN = /^[0-9A-Za-z]{20,64}$/;

const tokenOf = (request: FastifyRequest): string => {
  const { token } = request.params as { token: string };
  if (!TOKEN.test(token)) throw new HttpError('unknown_submission', 'There is no submission at this link.');
  return token;
};

/**
 * Visitor stories: POST /api/submissions (multipart with an optional photo, an HTML form or JSON:
 * form posts get a 303 to their private link, or the form again with the errors and what they
 * typed; JSON gets 201 or `{ error: { code, message, fields } }`), and the private link's
 * GET /submissions/<token>/photo.jpg, POST .../edit and .../withdraw.
 */
export function createSubmissionHandlers(services: HubServices, renderPage: PageRenderer) {
  const { config, submissions, site, stamps } = services;
  const form = createStoryForm(services, renderPage);

  /** Honeypot and minimum fill time: bots post faster than people type. */
  function checkNotSpam(fields: Record<string, unknown>) {
    if (typeof fields.website === 'string' && fields.website.trim() !== '') {
      throw new HttpError('spam_suspected', 'This looks automated, so it was not sent. If you are a person, please write to us instead.');
    }
    const age = stamps.age(fields.started);
    if (age === undefined || age < config.submissionMinSeconds * 1000 || age > STAMP_MAX_AGE_MS) {
      throw new HttpError('spam_suspected', 'This form was sent too quickly or is too old. Please take a moment, reload the page and send it again.');
    }
  }

  return {
    submitStory: {
      async handle(request: FastifyRequest, reply: FastifyReply) {
        const body = bodyOf(request);
        checkNotSpam(body.fields);
        const input = form.validFields(submissionInputSchema, body.fields);
        const photo = await form.photoOf(body);
        const day = utcDay(services.clock.now());
        // The client's address alone (hashed with the day's salt): another browser on the same network is the same sender.
        const visitor = await services.hasher.hash(day, clientAddress(request.raw, config.trustProxy), '', 'submit');
        if (!(await stamps.use(String(body.fields.started)))) {
          throw new HttpError('spam_suspected', 'This form was already sent once. Please reload the page to send another story.');
        }
        const created = await orHttpError(submissions.create(input, { visitor, consentText: consentText(site.brand.name), photo }), {
          retryAfterSeconds: Math.ceil((dayEnd(day) - services.clock.now()) / 1000),
        });
        await convertVisitor(services, request, 'story-submitted');
        const statusPath = `/submissions/${created.token}/`;
        if (body.form) return seeOther(reply, `${statusPath}?sent=1`);
        return sendJson(reply, { id: created.id, status: 'pending', statusUrl: `${config.siteUrl}${statusPath}` }, 201);
      },
      answerError: form.answerError(() => '/submit/'),
    },

    editSubmission: {
      async handle(request: FastifyRequest, reply: FastifyReply) {
        const token = tokenOf(request);
        const body = bodyOf(request);
        const input = form.validFields(submissionEditSchema, body.fields);
        const photo = await form.photoOf(body);
        await orHttpError(submissions.editByVisitor(token, input, { consentText: consentText(site.brand.name), photo }));
        if (body.form) return seeOther(reply, `/submissions/${token}/?saved=1`);
        return sendJson(reply, { status: 'pending' });
      },
      answerError: form.answerError((request) => `/submissions/${(request.params as { token: string }).token}/`),
    },

    async withdrawSubmission(request: FastifyRequest, reply: FastifyReply) {
      const token = tokenOf(request);
      await orHttpError(submissions.withdraw(token));
      if (bodyOf(request).form) return seeOther(reply, `/submissions/${token}/?withdrawn=1`);
      return sendJson(reply, { status: 'withdrawn' });
    },

    async submissionPhoto(request: FastifyRequest, reply: FastifyReply) {
      const submission = await submissions.getByToken(tokenOf(request));
      const data = submission ? await submissions.photo(submission) : undefined;
      if (!data) throw new HttpError('unknown_submission', 'There is no photo at this link.');
      return reply.headers({ 'Content-Type': 'image/jpeg', 'Cache-Control': 'private, no-store' }).send(data);
    },
  };
}
