import type { CardKind, CardSize } from './schema.ts';

/** URL path of a story or journey card: /cards/stories/<slug>/og.png. */
export function cardPath(kind: CardKind, slug: string, size: CardSize): string {
  return `/cards/${kind}/${slug}/${size}.png`;
}

/** URL path of a share link's personalized card. */
export function linkCardPath(code: string): string {
  return `/cards/links/${code}/og.png`;
}
