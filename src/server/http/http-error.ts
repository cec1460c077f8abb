/** What went wrong, as API clients see it in `{ "error": { "code", "message" } }`. */
export type ErrorCode =
  | 'invalid_request'
  | 'unknown_story'
  | 'unknown_parent'
  | 'unknown_link'
  | 'unknown_win'
  | 'unknown_submission'
  | 'not_found'
  | 'gone'
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
  | 'request_timeout'
  | 'headers_too_large'
  | 'unavailable'
  | 'internal_error';

const STATUS: Record<ErrorCode, number> = {
  invalid_request: 400,
  unknown_parent: 400,
  unknown_story: 404,
  unknown_link: 404,
  unknown_win: 404,
  unknown_submission: 404,
  not_found: 404,
  gone: 410,
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
  request_timeout: 408,
  headers_too_large: 431,
  unavailable: 503,
  internal_error: 500,
};

/** The one error type of the HTTP layer; the dispatcher turns it into a response. */
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

  get status(): number {
    return STATUS[this.code];
  }
}

/** The HTTP status of an error code. */
export const statusOf = (code: ErrorCode): number => STATUS[code];

/** The first problem zod found, said as "field: message". */
export function describeIssue(issues: readonly { path: PropertyKey[]; message: string }[]): string {
  const issue = issues[0]!;
  return issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message;
}
