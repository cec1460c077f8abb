import path from 'node:path';
import type { CardBrand, CardContent } from '../../../src/lib/cards/schema.ts';

/** The project's public/ folder: the demo images the fixtures point at. */
export const PUBLIC_DIR = path.resolve(import.meta.dirname, '../../../public');

export const brand: CardBrand = {
  name: 'Mendwell',
  colors: { primary: '#1f4d3a', accent: '#a9532a', ink: '#1c211e', paper: '#f7f2e8' },
  logo: '/images/brand/mendwell-logo.svg',
  host: 'stories.mendwell.example',
};

export const story: CardContent = {
  kind: 'stories',
  slug: 'fourteen-winters-one-shell',
  title: 'Fourteen winters, one shell',
  quote: 'It has been mended six times and it still keeps the rain out.',
  customer: { name: 'Isla Grant', role: 'Mountain rescue volunteer, Cairngorms', photo: '/images/people/isla-grant.jpg' },
  image: '/images/stories/fourteen-winters-one-shell.jpg',
  imageAlt: 'A green mountain with a patch on its summit',
  cause: 'Repair culture',
};
