import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import zlib from 'node:zlib';
import type { StaticFile } from './static-files.ts';

type Encoding = 'br' | 'gzip';
const compressed = new WeakMap<StaticFile, Partial<Record<Encoding, Buffer>>>();

/** Brotli or gzip of a small text file, compressed on first use and kept. */
function compressedBody(file: StaticFile, encoding: Encoding): Buffer {
  const cache = compressed.get(file) ?? {};
  compressed.set(file, cache);
  cache[encoding] ??=
    encoding === 'br'
      ? zlib.brotliCompressSync(file.body!, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 9 } })
      : zlib.gzipSync(file.body!, { level: 9 });
  return cache[encoding];
}

function pickEncoding(acceptEncoding: string | undefined): Encoding | undefined {
  if (!acceptEncoding) return undefined;
  if (/\bbr\b/.test(acceptEncoding)) return 'br';
  if (/\bgzip\b/.test(acceptEncoding)) return 'gzip';
  return undefined;
}

/** Answers GET/HEAD for one indexed file: ETag, 304, compression, cache headers. */
export function sendStaticFile(req: IncomingMessage, res: ServerResponse, file: StaticFile, status = 200): void {
  res.setHeader('Content-Type', file.contentType);
  res.setHeader('Cache-Control', status === 200 ? file.cacheControl : 'no-store');
  if (status === 200) res.setHeader('ETag', file.etag);
  if (file.compressible) res.setHeader('Vary', 'Accept-Encoding');

  const ifNoneMatch = req.headers['if-none-match'];
  if (status === 200 && ifNoneMatch && ifNoneMatch.split(/\s*,\s*/).some((tag) => tag === file.etag || tag === `W/${file.etag}` || tag === '*')) {
    res.writeHead(304);
    res.end();
    return;
  }

  const encoding = file.compressible && file.body ? pickEncoding(req.headers['accept-encoding']) : undefined;
  const body = encoding ? compressedBody(file, encoding) : file.body;
  if (encoding) res.setHeader('Content-Encoding', encoding);
  res.setHeader('Content-Length', body ? body.length : file.size);
  res.writeHead(status);
  if (req.method === 'HEAD') {
    res.end();
  } else if (body) {
    res.end(body);
  } else {
    fs.createReadStream(file.absolutePath).on('error', () => res.destroy()).pipe(res);
  }
}

/** The site's 404 page with status 404 (a plain "Not found" when the build has none). */
export function sendNotFoundPage(req: IncomingMessage, res: ServerResponse, page: StaticFile | undefined): void {
  if (page) return sendStaticFile(req, res, page, 404);
  res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end('Not found\n');
}
