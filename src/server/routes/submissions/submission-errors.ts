import { SubmissionError } from '../../../lib/submissions/submission-record.ts';
import { HttpError } from '../../http/http-error.ts';

/** When a refused sender may try again (seconds); an hour unless the caller knows better. */
type Retry = { retryAfterSeconds?: number };

/** The submission service's refusals as HTTP errors; anything else passes through. */
export function fromSubmissionError(error: unknown, retry: Retry = {}): unknown {
  if (!(error instanceof SubmissionError)) return error;
  switch (error.code) {
    case 'rate_limited':
      return new HttpError('rate_limited', error.message, { 'Retry-After': String(retry.retryAfterSeconds ?? 3600) });
    case 'duplicate':
      return new HttpError('duplicate_submission', error.message);
    case 'not_found':
      return new HttpError('unknown_submission', error.message);
    case 'not_editable':
    case 'conflict':
      return new HttpError('conflict', error.message);
  }
}

/** Runs a submission service call, answering its refusals with their HTTP errors. */
export async function orHttpError<T>(work: Promise<T>, retry: Retry = {}): Promise<T> {
  try {
    return await work;
  } catch (error) {
    throw fromSubmissionError(error, retry);
  }
}
