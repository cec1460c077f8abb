import { HttpError } from './http-error.ts';
import type { RouteSpec } from './route-spec.ts';

/** Fastify's own errors (body limits, broken framing) as the hub's, with messages a person can act on. */
function fromFramework(error: { code?: string; statusCode?: number }, spec: RouteSpec | undefined): HttpError | undefined {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new HttpError('payload_too_large', `The body is larger than ${spec?.body?.limit ?? 0} bytes.`);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new HttpError('unsupported_media_type', 'This route does not take a body of this type.');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new HttpError('invalid_request', 'The body is shorter or longer than its Content-Length says.');
  }
  if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
    return new HttpError('invalid_request', 'The request could not be read.');
  }
  return undefined;
}

/**
 * Any error thrown on the way to an answer, as an HttpError: the hub's own pass through, the
 * framework's 4xx get the hub's codes, anything else is logged and becomes a 500 without internals.
 */
export function toHttpError(error: unknown, spec: RouteSpec | undefined): HttpError {
  if (error instanceof HttpError) return error;
  const framework = typeof error === 'object' && error !== null ? fromFramework(error, spec) : undefined;
  if (framework) return framework;
  console.error(error);
  return new HttpError('internal_error', 'Something went wrong on our side; please try again.');
}
