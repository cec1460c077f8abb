import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HubConfig } from '../../lib/config/schema.ts';
import type { DbHandle } from '../../lib/db/create-db.ts';
import type { ClickRecorder } from '../../lib/referrals/clicks/create-click-recorder.ts';
import type { ShareLinkService } from '../../lib/referrals/create-share-link.ts';
import type { VisitorHasher } from '../../lib/referrals/create-visitor-hasher.ts';
import type { Signer } from '../../lib/referrals/create-signer.ts';
import type { Momentum } from '../../lib/momentum/create-momentum.ts';
import type { WinViews } from '../../lib/momentum/create-win-views.ts';
import type { SiteIndex } from '../load-site-index.ts';
import type { LinkCache } from '../../lib/referrals/create-link-cache.ts';

/** Everything the referral routes share, built once in start-hub.ts. */
export type ReferralContext = {
  config: HubConfig;
  db: DbHandle;
  site: SiteIndex;
  links: LinkCache;
  recorder: ClickRecorder;
  shares: ShareLinkService;
  hasher: VisitorHasher;
  signer: Signer;
  /** Milestone detection: told what changed after each write. */
  momentum: Momentum;
  /** Recorded wins by public id, as their page, card and link preview show them. */
  wins: WinViews;
  now: () => number;
  /** The 404 page with status 404. */
  notFound(req: IncomingMessage, res: ServerResponse): void;
};

/** Cookie names: the advocate (who shares) and the attribution (which link a visitor came through). */
export const ADVOCATE_COOKIE = 'hub_adv';
export const ATTRIBUTION_COOKIE = 'hub_ref';
export const ADVOCATE_COOKIE_DAYS = 365;
