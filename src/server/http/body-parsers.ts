import type { Readable } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { HttpError } from './http-error.ts';
import { readMultipart, type UploadedFile } from './read-multipart.ts';
import { specOf, type BodyType } from './route-spec.ts';

/**
 * A request body as every handler sees it: the fields, the one uploaded file of a multipart form,
 * and whether a browser's form sent it (answered with pages and redirects, not JSON).
 */
export type FormBody = { form: boolean; fields: Record<string, unknown>; file: UploadedFile | undefined };

/** The media types of each body type a route may accept. */
export const MEDIA_TYPES: Record<BodyType, string> = {
  json: 'application/json',
  form: 'application/x-www-form-urlencoded',
  multipart: 'multipart/form-data',
  text: 'text/plain',
};

/** The media type of a request without parameters, in lower case ('' when absent). */
export const mediaTypeOf = (contentType: string | undefined): string => (contentType ?? '').split(';')[0]!.trim().toLowerCase();

/**
 * Replaces Fastify's default parsers with the hub's body types. Each yields a FormBody; JSON
 * (also as text/plain) must be an object. The byte limit is the route's (`bodyLimit`, set from its spec), and a
 * multipart body is read with busboy against the route's field and file limits.
 */
export function registerBodyParsers(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeAllContentTypeParsers();
  // text/plain is JSON too: navigator.sendBeacon sends a string with that type.
  app.addContentTypeParser([MEDIA_TYPES.json, MEDIA_TYPES.text], { parseAs: 'string' }, (request, text, done) => {
    if (text === '') return done(null, { form: false, fields: {}, file: undefined } satisfies FormBody);
    parseJson(request, String(text), (error, value) => {
      if (error) return done(new HttpError('invalid_request', 'The body is not valid JSON.'), undefined);
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        return done(new HttpError('invalid_request', 'The JSON body must be an object.'), undefined);
      }
      done(null, { form: false, fields: value as Record<string, unknown>, file: undefined } satisfies FormBody);
    });
  });
  app.addContentTypeParser(MEDIA_TYPES.form, { parseAs: 'string' }, (_request, text, done) => {
    done(null, { form: true, fields: Object.fromEntries(new URLSearchParams(String(text))), file: undefined } satisfies FormBody);
  });
  app.addContentTypeParser(MEDIA_TYPES.multipart, async (request: FastifyRequest, payload: Readable) => {
    const body = specOf(request)?.body;
    const { fields, file } = await readMultipart(payload, request.headers, { fieldBytes: body?.limit ?? 0, fileBytes: body?.file ?? 0 });
    return { form: true, fields, file } satisfies FormBody;
  });
}

/** The parsed body of a route that declares one (an empty one when none was sent). */
export function bodyOf(request: FastifyRequest): FormBody {
  return (request.body as FormBody | undefined) ?? { form: false, fields: {}, file: undefined };
}
