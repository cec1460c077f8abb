import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** One file of the build, indexed at start-up so requests never touch the file system by path. */
export type StaticFile = {
  absolutePath: string;
  size: number;
  contentType: string;
  cacheControl: string;
  /** Strong ETag from the content hash. */
  etag: string;
  /** Whole content for files small enough to keep in memory. */
  body: Buffer | undefined;
  compressible: boolean;
};

export type StaticLookup =
  | { kind: 'file'; file: StaticFile }
  | { kind: 'redirect'; location: string }
  | undefined;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.webmanifest': 'application/manifest+json',
  '.map': 'application/json; charset=utf-8',
};
const COMPRESSIBLE = new Set(['.html', '.css', '.js', '.mjs', '.json', '.xml', '.txt', '.svg', '.map', '.webmanifest']);
const IN_MEMORY_LIMIT = 1024 * 1024;

/** Hashed build assets never change; pages and editor-managed media revalidate. */
function cacheControlFor(urlPath: string, extension: string): string {
  if (urlPath.startsWith('/_astro/')) return 'public, max-age=31536000, immutable';
  if (urlPath.startsWith('/admin/')) return 'no-cache';
  if (extension === '.html' || extension === '.xml' || extension === '.txt') return 'public, max-age=0, must-revalidate';
  return 'public, max-age=3600, must-revalidate';
}

function indexFile(absolutePath: string, urlPath: string): StaticFile {
  const extension = path.extname(absolutePath).toLowerCase();
  const content = fs.readFileSync(absolutePath);
  return {
    absolutePath,
    size: content.length,
    contentType: CONTENT_TYPES[extension] ?? 'application/octet-stream',
    cacheControl: cacheControlFor(urlPath, extension),
    etag: `"${createHash('sha256').update(content).digest('base64url').slice(0, 27)}"`,
    body: content.length <= IN_MEMORY_LIMIT ? content : undefined,
    compressible: COMPRESSIBLE.has(extension) && content.length > 512,
  };
}

/**
 * Indexes every file under `clientDir` (the prerendered site and public/ assets).
 * `/a/b/index.html` answers `/a/b/`; `/a/b` redirects to `/a/b/`.
 */
export function createStaticFiles(clientDir: string) {
  const files = new Map<string, StaticFile>();
  for (const entry of fs.readdirSync(clientDir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const absolutePath = path.join(entry.parentPath, entry.name);
    const urlPath = `/${path.relative(clientDir, absolutePath).split(path.sep).join('/')}`;
    const file = indexFile(absolutePath, urlPath);
    files.set(urlPath, file);
    if (entry.name === 'index.html') files.set(urlPath.slice(0, -'index.html'.length), file);
  }

  return {
    size: files.size,
    /** The prerendered 404 page, if the build has one. */
    notFound: files.get('/404.html'),
    /** Whether a decoded URL path (with its trailing slash) is a prerendered HTML page of the build. */
    isPage(pathname: string): boolean {
      return pathname.endsWith('/') && files.get(pathname)?.contentType === CONTENT_TYPES['.html'];
    },
    /** Finds the file for a decoded URL path; `search` is kept on redirects. */
    lookup(pathname: string, search: string): StaticLookup {
      const file = files.get(pathname);
      if (file) return { kind: 'file', file };
      if (!pathname.endsWith('/') && files.has(`${pathname}/`)) {
        // The location is an indexed key, so it is always a path on this site.
        return { kind: 'redirect', location: `${pathname}/${search}` };
      }
      return undefined;
    },
  };
}

export type StaticFiles = ReturnType<typeof createStaticFiles>;
