import type { CardSize } from '../cards/schema.ts';

/** The URL paths of one win: its page, its celebration cards, and a share link that previews it. */
export function winPaths(id: string) {
  return {
    /** The public win page. */
    page: `/wins/${id}/`,
    /** Its celebration card in one format. */
    card: (size: CardSize) => `/cards/wins/${id}/${size}.png`,
    /** A share link of the win's story whose link preview is this win's card. */
    link: (code: string) => `/r/${code}/w/${id}`,
  };
}
