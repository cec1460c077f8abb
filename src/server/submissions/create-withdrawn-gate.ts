import type { HotRoute } from '../create-hub-handler.ts';
import { sendError, HttpError } from '../http-error.ts';
import type { StaticFiles } from '../static-files.ts';
import { sendStaticFile } from '../send-static-file.ts';

/**
 * A story its author withdrew is gone at once, before the next build removes its page: its
 * page, its share pages and its public counts answer 410 Gone.
 */
export function createWithdrawnGate(withdrawn: ReadonlySet<string>, staticFiles: StaticFiles): HotRoute {
  return (req, res, target) => {
    if (withdrawn.size === 0) return false;
    const page = /^\/stories\/([a-z0-9-]+)(?:\/|$)/.exec(target.pathname);
    const counts = /^\/api\/public\/stories\/([a-z0-9-]+)\/?$/.exec(target.pathname);
    const slug = page?.[1] ?? counts?.[1];
    if (!slug || !withdrawn.has(slug)) return false;
    if (counts || !staticFiles.notFound) {
      sendError(res, new HttpError('unknown_story', 'This story was withdrawn by its author.'));
    } else {
      sendStaticFile(req, res, staticFiles.notFound, 410);
    }
    return true;
  };
}
