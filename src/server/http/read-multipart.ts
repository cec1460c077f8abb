import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import busboy from 'busboy';
import { HttpError } from './http-error.ts';

export type UploadedFile = { field: string; data: Buffer; mimeType: string };

const readBefore = new WeakMap<HttpError, Record<string, unknown>>();

/** The fields a multipart form had sent before it was refused (a photo over the limit), to show them again. */
export function fieldsReadBefore(error: unknown): Record<string, unknown> {
  return (error instanceof HttpError && readBefore.get(error)) || {};
}

const megabytes = (bytes: number) => Math.round(bytes / 1024 / 1024);

/**
 * Reads a multipart/form-data body with busboy: text fields of up to `fieldBytes` each and at most
 * one file of up to `fileBytes` (none when 0). The whole body is capped too (fields, file and
 * framing), chunked or not: past a limit reading stops at once with a 413. Empty file inputs (no
 * file chosen) are ignored.
 */
export function readMultipart(
  stream: Readable,
  headers: IncomingHttpHeaders,
  limits: { fieldBytes: number; fileBytes: number },
): Promise<{ fields: Record<string, unknown>; file: UploadedFile | undefined }> {
  const total = limits.fieldBytes + limits.fileBytes + 16 * 1024;
  if (Number(headers['content-length']) > total) {
    return Promise.reject(new HttpError('payload_too_large', `The form is larger than ${Math.max(1, megabytes(total))} MB.`));
  }
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers,
        limits: { fieldSize: limits.fieldBytes, fields: 30, files: limits.fileBytes > 0 ? 1 : 0, fileSize: limits.fileBytes, parts: 40 },
      });
    } catch {
      reject(new HttpError('invalid_request', 'The multipart body is malformed (no boundary).'));
      return;
    }
    const fields: Record<string, unknown> = {};
    let file: UploadedFile | undefined;
    let failed = false;
    let received = 0;
    const fail = (error: HttpError) => {
      if (failed) return;
      failed = true;
      readBefore.set(error, { ...fields });
      stream.unpipe(parser);
      stream.off('data', count);
      reject(error);
    };
    const count = (chunk: Buffer) => {
      received += chunk.length;
      if (received > total) fail(new HttpError('payload_too_large', `The form is larger than ${Math.max(1, megabytes(total))} MB.`));
    };

    parser.on('field', (name, value, info) => {
      if (info.valueTruncated) return fail(new HttpError('payload_too_large', `The field "${name}" is too long.`));
      fields[name] ??= value;
    });
    parser.on('file', (name, part, info) => {
      const chunks: Buffer[] = [];
      part.on('data', (chunk: Buffer) => chunks.push(chunk));
      part.on('limit', () =>
        fail(
          new HttpError('payload_too_large', `The photo is larger than ${megabytes(limits.fileBytes)} MB.`, {}, {
            photo: `This photo is larger than ${megabytes(limits.fileBytes)} MB: choose a smaller one.`,
          }),
        ),
      );
      part.on('end', () => {
        const data = Buffer.concat(chunks);
        if (data.length > 0 && !file) file = { field: name, data, mimeType: info.mimeType };
      });
    });
    parser.on('filesLimit', () => fail(new HttpError('invalid_request', limits.fileBytes > 0 ? 'Send at most one photo.' : 'This form takes no file.')));
    parser.on('fieldsLimit', () => fail(new HttpError('payload_too_large', 'The form has too many fields.')));
    parser.on('partsLimit', () => fail(new HttpError('payload_too_large', 'The form has too many parts.')));
    parser.on('error', () => fail(new HttpError('invalid_request', 'The multipart body is malformed.')));
    parser.on('close', () => {
      if (!failed) resolve({ fields, file });
    });
    stream.on('error', () => fail(new HttpError('invalid_request', 'The upload was interrupted.')));
    stream.on('data', count);
    stream.pipe(parser);
  });
}
