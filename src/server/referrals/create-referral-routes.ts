import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HubConfig } from '../../lib/config/schema.ts';
import type { DbHandle } from '../../lib/db/create-db.ts';
import { getOrCreateSecret } from '../../lib/db/get-or-create-secret.ts';
import { createClickRecorder } from '../../lib/referrals/clicks/create-click-recorder.ts';
import { createClickStore } from '../../lib/referrals/clicks/create-click-store.ts';
import { createShareLinkService } from '../../lib/referrals/create-share-link.ts';
import { createSigner } from '../../lib/referrals/create-signer.ts';
import { createVisitorHasher } from '../../lib/referrals/create-visitor-hasher.ts';
import { assignWinIds } from '../../lib/momentum/assign-win-ids.ts';
import { createMomentum } from '../../lib/momentum/create-momentum.ts';
import { createWinViews } from '../../lib/momentum/create-win-views.ts';
import { WIN_ID_SECRET } from '../../lib/momentum/win-id.ts';
import type { Milestone } from '../../lib/momentum/schema.ts';
import type { HotRoute } from '../create-hub-handler.ts';
import type { SiteIndex } from '../load-site-index.ts';
import { createConvertRoute } from './convert-route.ts';
import { createLinkCache } from '../../lib/referrals/create-link-cache.ts';
import { createRecoverRoute } from './recover-route.ts';
import { createRedirectRoute } from './redirect-route.ts';
import type { ReferralContext } from './referral-context.ts';
import { createShareRoute } from './share-route.ts';
import { createStatsRoute } from './stats-route.ts';

/** Wires the referral feature: services over the database, and its hot routes. */
export async function createReferralRoutes(input: {
  config: HubConfig;
  db: DbHandle;
  site: SiteIndex;
  milestones: Milestone[];
  notFound(req: IncomingMessage, res: ServerResponse): void;
  /** Whether a published story may be shared (false once its author withdrew it); default all. */
  isAvailable?: (slug: string) => boolean;
  now?: () => number;
}): Promise<{ routes: HotRoute[]; context: ReferralContext }> {
  const { config, db, site } = input;
  const now = input.now ?? Date.now;
  const winSecret = await getOrCreateSecret(db.db, WIN_ID_SECRET);
  await assignWinIds(db.db, winSecret);
  const momentum = createMomentum(db.db, input.milestones, { now, winSecret });
  const context: ReferralContext = {
    config,
    db,
    site,
    now,
    notFound: input.notFound,
    links: createLinkCache(db.db),
    recorder: createClickRecorder(createClickStore(db)),
    shares: createShareLinkService(db.db, now),
    hasher: createVisitorHasher(db.db),
    signer: createSigner(await getOrCreateSecret(db.db, 'cookie_secret')),
    momentum,
    wins: createWinViews({
      db: db.db,
      getWin: (id) => momentum.get(id),
      getStory: site.getStory,
      isAvailable: input.isAvailable ?? (() => true),
      brandName: site.brand.name,
    }),
  };
  context.momentum.onWins((wins) => {
    // Stories' and the hub's wins go to the log; advocates' stay on their own page.
    for (const win of wins) {
      if (win.scope !== 'advocate') console.log(`Milestone reached: ${win.name} (${win.scope}${win.scopeKey ? ` ${win.scopeKey}` : ''}, ${win.value})`);
    }
  });
  const cardUrl = (code: string) => `${config.siteUrl}/cards/links/${code}/og.png`;
  return {
    context,
    routes: [
      createRedirectRoute(context, cardUrl),
      createShareRoute(context, cardUrl),
      createConvertRoute(context),
      createStatsRoute(context),
      createRecoverRoute(context),
    ],
  };
}
