import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { FormState } from '../../../lib/forms/form-state.ts';
import { EndpointError } from '../../../lib/integrations/create-webhook-endpoints.ts';
import { endpointFormSchema } from '../../../lib/integrations/schema.ts';
import type { HubServices } from '../../create-hub-services.ts';
import { bodyOf } from '../../http/body-parsers.ts';
import { HttpError } from '../../http/http-error.ts';
import type { PageRenderer } from '../../http/render-page.ts';
import { seeOther, sendJson } from '../../http/replies.ts';

const ID = /^(?:env|[0-9A-Za-z]{12})$/;
const ACTIONS = ['test', 'redeliver', 'enable', 'remove'] as const;
const redeliverSchema = z.object({ delivery: z.string().regex(/^[0-9A-Za-z]{16}$/, 'Choose a delivery from the log.') });

/** A form sends one checkbox per event (`event:<type>`: URLSearchParams keeps one value per name); JSON sends `events`. */
function endpointFields(fields: Record<string, unknown>) {
  const ticked = Object.keys(fields).filter((name) => name.startsWith('event:')).map((name) => name.slice('event:'.length));
  return { ...fields, events: fields.events ?? ticked };
}

async function orHttpError<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (!(error instanceof EndpointError)) throw error;
    throw new HttpError(error.code === 'not_found' ? 'not_found' : error.code === 'invalid' ? 'invalid_request' : 'conflict', error.message, {}, error.code === 'invalid' ? { url: error.message } : undefined);
  }
}

function endpointIdOf(request: FastifyRequest): string {
  const { id } = request.params as { id: string };
  if (!ID.test(id)) throw new HttpError('not_found', 'There is no such endpoint.');
  return id;
}

/**
 * The dashboard's integrations: adding a webhook endpoint (its secret shown once, on the page
 * the form post answers with), and per endpoint: send a test event, redeliver one from the log,
 * enable it again, remove it. Guarded by the route table (editor, CSRF, same origin).
 */
export function createIntegrationHandlers(services: HubServices, renderPage: PageRenderer) {
  const { auth, webhooks } = services;
  const page = (request: FastifyRequest, reply: FastifyReply, pathname: string, formState: FormState, formAction: string) =>
    renderPage(request, reply, pathname, { editor: request.caller ?? null, csrf: auth.csrfToken(request.raw, reply.raw), formState, formAction }, { 'Cache-Control': 'private, no-store' });

  return {
    async endpointList(_request: FastifyRequest, reply: FastifyReply) {
      return sendJson(reply, { endpoints: await webhooks.list() });
    },

    addEndpoint: {
      async handle(request: FastifyRequest, reply: FastifyReply) {
        const body = bodyOf(request);
        const parsed = endpointFormSchema.safeParse(endpointFields(body.fields));
        if (!parsed.success) {
          const fields = Object.fromEntries(parsed.error.issues.map((issue) => [String(issue.path[0] ?? 'url'), issue.message]));
          throw new HttpError('invalid_request', parsed.error.issues[0]!.message, {}, fields);
        }
        const { endpoint, secret } = await orHttpError(webhooks.add(parsed.data));
        if (!body.form) return sendJson(reply.code(201), { endpoint, secret });
        // The secret is on this page only: it is not stored anywhere the dashboard shows it again.
        page(request, reply.code(201), '/dashboard/integrations/', { status: 201, values: { id: endpoint.id, url: endpoint.url, secret }, errors: {} }, 'created');
      },
      /** A refused form shows the integrations page again, with what was typed and why. */
      answerError(error: HttpError, request: FastifyRequest, reply: FastifyReply) {
        const body = request.body as { form: boolean; fields: Record<string, unknown> } | undefined;
        if (!body?.form || !request.caller || error.code === 'forbidden_csrf' || error.code === 'forbidden_origin') return false;
        const values = Object.fromEntries(Object.entries(body.fields).filter(([, value]) => typeof value === 'string')) as Record<string, string>;
        page(request, reply, '/dashboard/integrations/', { status: error.status, values, errors: error.fields ?? {}, message: error.message }, 'add');
        return true;
      },
    },

    async endpointAction(request: FastifyRequest, reply: FastifyReply) {
      const id = endpointIdOf(request);
      const { action } = request.params as { action: string };
      if (!(ACTIONS as readonly string[]).includes(action)) throw new HttpError('not_found', 'There is no such page.');
      const body = bodyOf(request);
      let result: object = {};
      if (action === 'test') result = { event: await orHttpError(webhooks.sendTest(id)) };
      else if (action === 'enable') await orHttpError(webhooks.enable(id));
      else if (action === 'remove') await orHttpError(webhooks.remove(id));
      else {
        const parsed = redeliverSchema.safeParse(body.fields);
        if (!parsed.success) throw new HttpError('invalid_request', parsed.error.issues[0]!.message);
        await orHttpError(webhooks.redeliver(id, parsed.data.delivery));
      }
      if (body.form) return seeOther(reply, action === 'remove' ? '/dashboard/integrations/?done=remove' : `/dashboard/integrations/${id}/?done=${action}`);
      return sendJson(reply, { id, action, ...result });
    },
  };
}
