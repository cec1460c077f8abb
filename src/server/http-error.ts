import type { ServerResponse } from 'node:http';
import { sendJson } from './respond.ts';

/** What went wrong, as API clients see it in `{ "error": { "code", "message" } }`. */
export type ErrorCode =
  | 'invalid_request'
  | 'unknown_story'
  | 'unknown_parent'
  | 'unknown_link'
  | 'unknown_win'
  | 'unknown_submission'
  | 'unauthorized'
  | 'forbidden_origin'
  | 'forbidden_csrf'
  | 'rate_limited'
  | 'duplicate_submission'
  | 'spam_suspected'
  | 'conflict'
  | 'method_not_allowed'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'internal_error';

const STATUS: Record<ErrorCode, number> = {
  invalid_request: 400,
  unknown_parent: 400,
  unknown_story: 404,
  unknown_link: 404,
  unknown_win: 404,
  unknown_submission: 404,
  unauthorized: 401,
  forbidden_origin: 403,
  forbidden_csrf: 403,
  rate_limited: 429,
  duplicate_submission: 409,
  spam_suspected: 400,
  conflict: 409,
  method_not_allowed: 405,
  payload_too_large: 413,
  unsupported_media_type: 415,
  internal_error: 500,
};

/** The one error type of the HTTP layer; `sendError` turns it into a response. */
export class HttpError extends Error {
  override name = 'HttpError';
  readonly code: ErrorCode;
  readonly headers: Record<string, string>;
  /** Messages by form field, for validation errors. */
  readonly fields: Record<string, string> | undefined;
  constructor(code: ErrorCode, message: string, headers: Record<string, string> = {}, fields?: Record<string, string>) {
    super(message);
    this.code = code;
    this.headers = headers;
    this.fields = fields;
  }
}

/** The HTTP status of an error code. */
export const statusOf = (code: ErrorCode): number => STATUS[code];

/** Answers an HttpError as JSON; anything else becomes a generic 500 without internals. */
export function sendError(res: ServerResponse, error: unknown): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (!(error instanceof HttpError)) {
    console.error(error);
    return sendError(res, new HttpError('internal_error', 'Something went wrong on our side; please try again.'));
  }
  for (const [name, value] of Object.entries(error.headers)) res.setHeader(name, value);
  const fields = error.fields ? { fields: error.fields } : {};
  sendJson(res, STATUS[error.code], { error: { code: error.code, message: error.message, ...fields } });
}
