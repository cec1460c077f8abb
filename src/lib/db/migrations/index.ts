import type { Migration } from 'kysely/migration';
import * as foundation from './0001-foundation.ts';
import * as referrals from './0002-referrals.ts';
import * as submissions from './0003-submissions.ts';
import * as momentum from './0005-momentum.ts';
import * as segments from './0006-segments.ts';
import * as advocateDaily from './0007-advocate-daily.ts';
import * as winIds from './0008-win-ids.ts';
import * as dashboardIndexes from './0009-dashboard-indexes.ts';
import * as scale from './0010-scale.ts';
import * as readers from './0011-readers.ts';
import * as trust from './0012-trust.ts';
import * as integrations from './0013-integrations.ts';
import * as totals from './0014-totals.ts';

/**
 * Every migration, in order. A static list (not a folder scan) so the bundled server and the
 * tests run exactly the same set on SQLite and PostgreSQL.
 *
 * There is no 0004: submissions (0003), share cards and momentum (0005) were built side by side
 * from the same commit (4c2d8fe), and share cards, the feature between them, merged without a
 * migration. Never renumber: deployed databases record the migrations they ran by name.
 */
export const migrations: Record<string, Migration> = {
  '0001-foundation': foundation,
  '0002-referrals': referrals,
  '0003-submissions': submissions,
  '0005-momentum': momentum,
  '0006-segments': segments,
  '0007-advocate-daily': advocateDaily,
  '0008-win-ids': winIds,
  '0009-dashboard-indexes': dashboardIndexes,
  '0010-scale': scale,
  '0011-readers': readers,
  '0012-trust': trust,
  '0013-integrations': integrations,
  '0014-totals': totals,
};
