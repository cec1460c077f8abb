import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { createCardCache } from '../../lib/cards/create-card-cache.ts';
import { createCardPool } from '../../lib/cards/create-card-pool.ts';
import { createCardService, type CardService } from '../../lib/cards/create-card-service.ts';
import { cardIndexSchema, type CardKind, type CardSize } from '../../lib/cards/schema.ts';
import type { HubConfig } from '../../lib/config/schema.ts';
import type { DbHandle } from '../../lib/db/create-db.ts';
import type { WinViews } from '../../lib/momentum/create-win-views.ts';
import { codeSchema } from '../../lib/referrals/schema.ts';
import type { HotRoute } from '../create-hub-handler.ts';
import { sendError } from '../http-error.ts';
import { sendText } from '../respond.ts';
import { etagOf, matchesEtag, sendCard, sendNotModified } from './send-card.ts';

const STORY_CARD = /^\/cards\/(stories|journeys)\/([a-z0-9-]{1,200})\/(og|square|vertical)\.png$/;
const LINK_CARD = /^\/cards\/links\/([^/]{1,40})\/og\.png$/;
const WIN_CARD = /^\/cards\/wins\/([^/]{1,40})\/(og|square|vertical)\.png$/;

/** The build's card index: what every card of the published stories and journeys draws. */
export function loadCardIndex(clientDir: string) {
  return cardIndexSchema.parse(JSON.parse(fs.readFileSync(path.join(clientDir, 'api', 'cards.json'), 'utf8')));
}

/**
 * Share links never change story or name once made: their card inputs are looked up once per
 * link (bounded, oldest dropped first).
 */
function createLinkLookup(db: DbHandle, capacity = 20_000) {
  const links = new Map<string, { storySlug: string; name: string | null }>();
  return async (code: string) => {
    const hit = links.get(code);
    if (hit) return hit;
    const row = await db.db.selectFrom('share_links').select(['story_slug', 'advocate_name']).where('code', '=', code).executeTakeFirst();
    if (!row) return undefined;
    const link = { storySlug: row.story_slug, name: row.advocate_name };
    if (links.size >= capacity) links.delete(links.keys().next().value!);
    links.set(code, link);
    return link;
  };
}

/**
 * GET/HEAD /cards/{stories,journeys}/<slug>/{og,square,vertical}.png, /cards/links/<code>/og.png
 * and /cards/wins/<win id>/{og,square,vertical}.png (celebration cards of recorded wins):
 * cached PNGs with strong ETags, rendered by a worker pool on first request.
 */
export function createCardRoutes(input: {
  config: HubConfig;
  db: DbHandle;
  /** Recorded wins by public id; without it /cards/wins/ answers 404. */
  wins?: WinViews;
  clientDir: string;
  notFound(req: IncomingMessage, res: ServerResponse): void;
  poolSize?: number;
}): { routes: HotRoute[]; service: CardService; close(): Promise<void> } {
  const { config, clientDir, notFound } = input;
  const pool = createCardPool({ publicDir: clientDir, size: input.poolSize });
  const cache = createCardCache(config.cardCacheDir);
  const service = createCardService({ index: loadCardIndex(clientDir), publicDir: clientDir, cache, renderer: pool });
  const findLink = createLinkLookup(input.db);
  void cache.prune().catch(() => undefined);

  async function story(req: IncomingMessage, res: ServerResponse, kind: CardKind, slug: string, size: CardSize) {
    const key = service.keyOf(kind, slug, size);
    if (!key) return notFound(req, res);
    if (matchesEtag(req, etagOf(key))) return sendNotModified(res, etagOf(key));
    sendCard(req, res, (await service.card(kind, slug, size))!);
  }

  async function link(req: IncomingMessage, res: ServerResponse, rawCode: string) {
    const code = codeSchema.safeParse(rawCode);
    const found = code.success ? await findLink(code.data) : undefined;
    const key = found && service.personalKeyOf(found.storySlug, found.name);
    if (!found || !key) return notFound(req, res);
    if (matchesEtag(req, etagOf(key))) return sendNotModified(res, etagOf(key));
    sendCard(req, res, (await service.personalCard(found.storySlug, found.name))!);
  }

  async function win(req: IncomingMessage, res: ServerResponse, rawId: string, size: CardSize) {
    const view = await input.wins?.view(rawId);
    if (!view) return notFound(req, res);
    const key = service.celebrationKeyOf(view.celebration, size);
    if (matchesEtag(req, etagOf(key))) return sendNotModified(res, etagOf(key));
    // The hub's card draws no story; the others draw theirs, and go when it is withdrawn.
    const drawn = view.win.scope === 'hub' ? undefined : view.story?.slug;
    sendCard(req, res, await service.celebrationCard(view.celebration, size, drawn));
  }

  const route: HotRoute = (req, res, target) => {
    if (!target.pathname.startsWith('/cards/')) return false;
    const storyMatch = STORY_CARD.exec(target.pathname);
    const linkMatch = storyMatch ? null : LINK_CARD.exec(target.pathname);
    const winMatch = storyMatch || linkMatch ? null : WIN_CARD.exec(target.pathname);
    if (!storyMatch && !linkMatch && !winMatch) return false;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendText(res, 405, 'Method not allowed\n', { Allow: 'GET, HEAD' });
      return true;
    }
    const answer = storyMatch
      ? story(req, res, storyMatch[1] as CardKind, storyMatch[2]!, storyMatch[3] as CardSize)
      : linkMatch
        ? link(req, res, linkMatch[1]!)
        : win(req, res, winMatch![1]!, winMatch![2] as CardSize);
    answer.catch((error: unknown) => sendError(res, error));
    return true;
  };

  return { routes: [route], service, close: () => pool.close() };
}
