import type { IncomingMessage } from 'node:http';
import { HttpError } from './http-error.ts';

export type ParsedBody = { form: boolean; fields: Record<string, unknown> };

/**
 * Reads a small JSON or HTML-form body. Over `limit` bytes: 413 (stops reading at once);
 * another content type: 415; broken JSON or a JSON value that is not an object: 400.
 */
export async function readBody(req: IncomingMessage, limit: number): Promise<ParsedBody> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  const form = type === 'application/x-www-form-urlencoded';
  if (type !== 'application/json' && !form) {
    throw new HttpError('unsupported_media_type', 'Send application/json or an HTML form (application/x-www-form-urlencoded).');
  }
  const declared = Number(req.headers['content-length']);
  if (declared > limit) throw new HttpError('payload_too_large', `The body is larger than ${limit} bytes.`);

  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      req.destroy();
      throw new HttpError('payload_too_large', `The body is larger than ${limit} bytes.`);
    }
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (form) return { form: true, fields: Object.fromEntries(new URLSearchParams(text)) };
  let value: unknown;
  try {
    value = text === '' ? {} : JSON.parse(text);
  } catch {
    throw new HttpError('invalid_request', 'The body is not valid JSON.');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new HttpError('invalid_request', 'The JSON body must be an object.');
  }
  return { form: false, fields: value as Record<string, unknown> };
}
