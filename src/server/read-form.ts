import type { IncomingMessage } from 'node:http';
import busboy from 'busboy';
import { HttpError } from './http-error.ts';
import { readBody } from './read-body.ts';

const readBefore = new WeakMap<HttpError, Record<string, unknown>>();

/** The fields a multipart form had sent before it was refused (a photo over the limit), to show them again. */
export function fieldsReadBefore(error: unknown): Record<string, unknown> {
  return (error instanceof HttpError && readBefore.get(error)) || {};
}

export type UploadedFile = { field: string; data: Buffer; mimeType: string };
export type ParsedForm = { form: boolean; fields: Record<string, unknown>; file: UploadedFile | undefined };

/**
 * Reads a form that may carry one file: multipart/form-data (busboy, with limits), an HTML form
 * or JSON. A file over `maxFileBytes` or a body over the limits: 413 (reading stops); another
 * content type: 415. Empty file inputs (no file chosen) are ignored.
 */
export async function readForm(req: IncomingMessage, limits: { maxFieldBytes: number; maxFileBytes: number }): Promise<ParsedForm> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'multipart/form-data') {
    if (type !== 'application/json' && type !== 'application/x-www-form-urlencoded') {
      throw new HttpError('unsupported_media_type', 'Send the form as multipart/form-data, application/x-www-form-urlencoded or application/json.');
    }
    const body = await readBody(req, limits.maxFieldBytes);
    return { ...body, file: undefined };
  }
  const total = limits.maxFieldBytes + limits.maxFileBytes + 16 * 1024;
  if (Number(req.headers['content-length']) > total) {
    throw new HttpError('payload_too_large', `The form is larger than ${Math.round(total / 1024 / 1024)} MB.`);
  }

  return new Promise<ParsedForm>((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: req.headers,
        limits: { fieldSize: limits.maxFieldBytes, fields: 30, files: 1, fileSize: limits.maxFileBytes, parts: 40 },
      });
    } catch {
      reject(new HttpError('invalid_request', 'The multipart body is malformed (no boundary).'));
      return;
    }
    const fields: Record<string, unknown> = {};
    let file: UploadedFile | undefined;
    let failed: HttpError | undefined;
    const fail = (error: HttpError) => {
      if (failed) return;
      failed = error;
      readBefore.set(error, { ...fields });
      req.unpipe(parser);
      req.resume();
      reject(error);
    };

    parser.on('field', (name, value, info) => {
      if (info.valueTruncated) return fail(new HttpError('payload_too_large', `The field "${name}" is too long.`));
      fields[name] ??= value;
    });
    parser.on('file', (name, stream, info) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('limit', () =>
        fail(
          new HttpError('payload_too_large', `The photo is larger than ${Math.round(limits.maxFileBytes / 1024 / 1024)} MB.`, {}, {
            photo: `This photo is larger than ${Math.round(limits.maxFileBytes / 1024 / 1024)} MB: choose a smaller one.`,
          }),
        ),
      );
      stream.on('end', () => {
        const data = Buffer.concat(chunks);
        if (data.length > 0 && !file) file = { field: name, data, mimeType: info.mimeType };
      });
    });
    parser.on('filesLimit', () => fail(new HttpError('invalid_request', 'Send at most one photo.')));
    parser.on('fieldsLimit', () => fail(new HttpError('payload_too_large', 'The form has too many fields.')));
    parser.on('partsLimit', () => fail(new HttpError('payload_too_large', 'The form has too many parts.')));
    parser.on('error', () => fail(new HttpError('invalid_request', 'The multipart body is malformed.')));
    parser.on('close', () => {
      if (!failed) resolve({ form: true, fields, file });
    });
    req.on('error', () => fail(new HttpError('invalid_request', 'The upload was interrupted.')));
    req.pipe(parser);
  });
}
