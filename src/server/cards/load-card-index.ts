import fs from 'node:fs';
import path from 'node:path';
import { cardIndexSchema } from '../../lib/cards/schema.ts';

/** The build's card index (dist/client/api/cards.json): what every card of the published stories and journeys draws. */
export function loadCardIndex(clientDir: string) {
  return cardIndexSchema.parse(JSON.parse(fs.readFileSync(path.join(clientDir, 'api', 'cards.json'), 'utf8')));
}
