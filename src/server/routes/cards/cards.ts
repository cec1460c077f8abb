import type { FastifyReply, FastifyRequest } from 'fastify';
import { cardSizes, type CardKind, type CardSize } from '../../../lib/cards/schema.ts';
import { codeSchema } from '../../../lib/referrals/schema.ts';
import type { HubServices } from '../../create-hub-services.ts';
import { HttpError } from '../../http/http-error.ts';
import { etagOf, matchesEtag, sendCard, sendNotModified } from './send-card.ts';

const has = (request: FastifyRequest, key: string) => matchesEtag(request.raw, etagOf(key));

const SLUG = /^[a-z0-9-]{1,200}$/;
const noCard = () => new HttpError('not_found', 'There is no card at this address.');
const sizeOf = (size: string): CardSize => {
  if (!(cardSizes as readonly string[]).includes(size)) throw noCard();
  return size as CardSize;
};

/**
 * Share links never change story or name once made: their card inputs are looked up once per
 * link (bounded, oldest dropped first).
 */
function createLinkLookup(services: HubServices, capacity = 20_000) {
  const links = new Map<string, { storySlug: string; name: string | null }>();
  return async (code: string) => {
    const hit = links.get(code);
    if (hit) return hit;
    const row = await services.db.db.selectFrom('share_links').select(['story_slug', 'advocate_name']).where('code', '=', code).executeTakeFirst();
    if (!row) return undefined;
    const link = { storySlug: row.story_slug, name: row.advocate_name };
    if (links.size >= capacity) links.delete(links.keys().next().value!);
    links.set(code, link);
    return link;
  };
}

/**
 * The card routes: GET/HEAD /cards/{stories,journeys}/<slug>/{og,square,vertical}.png,
 * /cards/links/<code>/og.png and /cards/wins/<win id>/{og,square,vertical}.png (celebration cards
 * of recorded wins): cached PNGs with strong ETags, rendered by a worker pool on first request.
 */
export function createCardHandlers(services: HubServices) {
  const { cards } = services;
  const findLink = createLinkLookup(services);

  const contentCard = (kind: CardKind) => async (request: FastifyRequest, reply: FastifyReply) => {
    const { slug, size: rawSize } = request.params as { slug: string; size: string };
    const size = sizeOf(rawSize);
    const key = SLUG.test(slug) ? cards.keyOf(kind, slug, size) : undefined;
    if (!key) throw noCard();
    if (has(request, key)) return sendNotModified(reply, key);
    return sendCard(reply, (await cards.card(kind, slug, size))!);
  };

  return {
    storyCard: contentCard('stories'),
    journeyCard: contentCard('journeys'),
    async linkCard(request: FastifyRequest, reply: FastifyReply) {
      const code = codeSchema.safeParse((request.params as { code: string }).code);
      const found = code.success ? await findLink(code.data) : undefined;
      const key = found && cards.personalKeyOf(found.storySlug, found.name);
      if (!found || !key) throw noCard();
      if (has(request, key)) return sendNotModified(reply, key);
      return sendCard(reply, (await cards.personalCard(found.storySlug, found.name))!);
    },
    async winCard(request: FastifyRequest, reply: FastifyReply) {
      const { id, size: rawSize } = request.params as { id: string; size: string };
      const size = sizeOf(rawSize);
      const view = await services.wins.view(id);
      if (!view) throw noCard();
      const key = cards.celebrationKeyOf(view.celebration, size);
      if (has(request, key)) return sendNotModified(reply, key);
      // The hub's card draws no story; the others draw theirs, and go when it is withdrawn.
      const drawn = view.win.scope === 'hub' ? undefined : view.story?.slug;
      return sendCard(reply, await cards.celebrationCard(view.celebration, size, drawn));
    },
  };
}
