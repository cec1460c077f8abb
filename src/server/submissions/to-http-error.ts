import { SubmissionError } from '../../lib/submissions/submission-record.ts';
import { HttpError } from '../http-error.ts';

/** The submission service's refusals as HTTP errors; anything else passes through. */
export function toHttpError(error: unknown): unknown {
  if (!(error instanceof SubmissionError)) return error;
  switch (error.code) {
    case 'rate_limited':
      return new HttpError('rate_limited', error.message, { 'Retry-After': '3600' });
    case 'duplicate':
      return new HttpError('duplicate_submission', error.message);
    case 'not_found':
      return new HttpError('unknown_submission', error.message);
    case 'not_editable':
    case 'conflict':
      return new HttpError('conflict', error.message);
  }
}
