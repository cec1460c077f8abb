import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { FormState } from '../../../lib/forms/form-state.ts';
import { processPhoto } from '../../../lib/submissions/process-photo.ts';
import { fieldErrors } from '../../../lib/submissions/schema.ts';
import type { HubServices } from '../../create-hub-services.ts';
import type { FormBody } from '../../http/body-parsers.ts';
import { HttpError } from '../../http/http-error.ts';
import { fieldsReadBefore } from '../../http/read-multipart.ts';
import type { PageRenderer } from '../../http/render-page.ts';

/** A browser's form post (answered with pages), as opposed to an API client's JSON; known before its body is read. */
export const isFormPost = (request: FastifyRequest): boolean =>
  /^(multipart\/form-data|application\/x-www-form-urlencoded)/i.test(request.headers['content-type'] ?? '');

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
 * What the visitor-story forms (/submit and a private link's edit form) share: checking the
 * fields and the photo, and answering an error as the form again with what was typed (browsers)
 * or as JSON (API clients).
 */
export function createStoryForm(services: HubServices, renderPage: PageRenderer) {
  return {
    /** The fields checked by `schema` and the cause checked against the brand's: else a 400 with a message per field. */
    validFields<T extends { cause: string }>(schema: z.ZodType<T>, fields: Record<string, unknown>): T {
      const parsed = schema.safeParse(fields);
      if (!parsed.success) throw new HttpError('invalid_request', 'Some fields need another look.', {}, fieldErrors(parsed.error.issues));
      const causes = services.site.brand.causes;
      if (causes.length > 0 && !causes.some((known) => known.slug === parsed.data.cause)) {
        throw new HttpError('invalid_request', 'cause: choose one of the causes in the list.', {}, { cause: 'Please choose one of the causes in the list.' });
      }
      return parsed.data;
    },

    /** The uploaded photo re-encoded (metadata stripped); a 400 for a file that is not an image. */
    async photoOf(body: FormBody): Promise<Buffer | undefined> {
      if (!body.file) return undefined;
      const photo = await processPhoto(body.file.data);
      if (!photo) {
        throw new HttpError('invalid_request', 'The photo must be a JPEG, PNG or WebP image.', {}, { photo: 'Choose a JPEG, PNG or WebP image (up to 5 MB).' });
      }
      return photo;
    },

    /** Answers an error of a browser's form post with the form page again; API clients get the usual JSON. */
    answerError(page: (request: FastifyRequest) => string) {
      return (error: HttpError, request: FastifyRequest, reply: FastifyReply): boolean => {
        if (!isFormPost(request)) return false;
        const body = request.body as FormBody | undefined;
        const formState: FormState = {
          status: error.status,
          values: typedValues({ ...fieldsReadBefore(error), ...body?.fields }),
          errors: error.fields ?? {},
          ...(error.fields ? {} : { message: error.message }),
        };
        renderPage(request, reply, page(request), { formState }, error.headers);
        return true;
      };
    },
  };
}
