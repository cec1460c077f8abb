import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { HttpError, type ErrorCode } from './http-error.ts';

const ANSWERS: Record<string, { code: ErrorCode; message: string }> = {
  ERR_HTTP_REQUEST_TIMEOUT: { code: 'request_timeout', message: 'The request took too long to arrive.' },
  HPE_HEADER_OVERFLOW: { code: 'headers_too_large', message: 'The request headers are too large.' },
};
const MALFORMED = { code: 'invalid_request' as const, message: 'The request could not be read: it is not well-formed HTTP (a body without Content-Length or chunked framing, a broken header, ...).' };

/**
 * Node's parser refused a request before any route saw it (broken framing, a body after a
 * message that has none, headers too large, too slow): the answer is the hub's JSON error, then
 * the connection closes, since what follows on it cannot be trusted. A reset connection gets nothing.
 */
export function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const { code, message } = ANSWERS[error.code ?? ''] ?? MALFORMED;
  const status = new HttpError(code, message).status;
  const body = JSON.stringify({ error: { code, message } });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n` +
        `Content-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nCache-Control: no-store\r\n` +
        `X-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}
