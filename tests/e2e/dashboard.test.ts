import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatCell } from '../../src/lib/dashboard/data-table.ts';
import type { Overview } from '../../src/lib/analytics/get-overview.ts';
import type { StoryStats } from '../../src/lib/analytics/get-story-stats.ts';
import type { Stats } from '../../src/lib/analytics/schema.ts';
import { simulateGrowth, type GroundTruth } from '../../src/lib/simulation/simulate-growth.ts';
import { startTestHub } from '../helpers/start-test-hub.ts';
import { storyFields, submissionClient } from '../helpers/submission-client.ts';

const TOKEN = 'dashboard-test-token-0123456789';
const PASSWORD = 'dashboard-test-password';
const FUNNEL = ['shares', 'clicks', 'uniqueVisitors', 'conversions', 'reshares'] as const;
const READING = ['views', 'readers', 'reads'] as const;
const PHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';

/** What the readers sent in beforeAll: per page, the views, readers and reads the stats must show. */
const readingTruth = { story: { views: 6, readers: 5, reads: 3 }, home: { views: 2, readers: 2, reads: 0 } };

/** The numbers a dashboard page shows, by their data-metric name, as text. */
function shownMetrics(html: string): Record<string, { text: string; value?: string }> {
  const found: Record<string, { text: string; value?: string }> = {};
  for (const match of html.matchAll(/<(?:a|dd|span)[^>]*?data-metric="(\w+)"([^>]*)>([^<]*)</g)) {
    const value = /data-value="([^"]*)"/.exec(match[2]!)?.[1];
    found[match[1]!] = { text: match[3]!.trim(), ...(value !== undefined ? { value } : {}) };
  }
  return found;
}

describe('insight dashboard', () => {
  let hub: Awaited<ReturnType<typeof startTestHub>>;
  let cookie: string;
  let truth: GroundTruth;
  const today = new Date().toISOString().slice(0, 10);
  const api = async <T,>(path: string): Promise<T> => {
    const response = await fetch(`${hub.url}${path}`, { headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(response.status, path).toBe(200);
    return (await response.json()) as T;
  };
  const page = async (path: string) => {
    const response = await fetch(`${hub.url}${path}`, { headers: { Cookie: cookie }, redirect: 'manual' });
    return { status: response.status, type: response.headers.get('content-type'), body: await response.text() };
  };

  beforeAll(async () => {
    hub = await startTestHub({ HUB_ADMIN_TOKEN: TOKEN, HUB_ADMIN_PASSWORD: PASSWORD, SUBMISSION_MIN_SECONDS: '0' });
    const stories = ((await (await fetch(`${hub.url}/api/stories.json`)).json()) as { stories: { slug: string }[] }).stories.map((story) => story.slug);
    truth = await simulateGrowth({ baseUrl: hub.url, links: 80, seed: 11, stories: stories.slice(0, 3), concurrency: 8 });
    cookie = (await submissionClient(hub.url).login(PASSWORD)).cookie;
    const beacon = (name: string, path: string, agent: string, referrer = '') =>
      fetch(`${hub.url}/api/event`, { method: 'POST', headers: { 'Content-Type': 'text/plain', 'User-Agent': `${PHONE} Person/${agent}` }, body: JSON.stringify({ name, url: `${hub.url}${path}`, referrer }) });
    const storyPath = `/stories/${truth.stories[0]}/`;
    const sent = [
      beacon('view', `${storyPath}#via=whatsapp`, '1'),
      beacon('view', `${storyPath}#via=whatsapp`, '2'),
      beacon('view', `${storyPath}?utm_source=newsletter&utm_medium=email`, '3'),
      beacon('view', storyPath, '4', 'https://www.google.com/'),
      beacon('view', storyPath, '5'),
      beacon('view', storyPath, '5'),
      beacon('read', storyPath, '1'),
      beacon('read', storyPath, '2'),
      beacon('read', storyPath, '3'),
      beacon('read', storyPath, '3'),
      beacon('view', '/', '1'),
      beacon('view', '/', '6'),
    ];
    for (const response of await Promise.all(sent)) expect(response.status).toBe(202);
    // Two conversions reached without a share link: stored, and shown as unattributed.
    for (let i = 0; i < 2; i += 1) {
      expect((await fetch(`${hub.url}/api/convert`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ goal: 'newsletter' }) })).status).toBe(204);
    }
  }, 120_000);
  afterAll(() => hub?.close());

  it('sends a visitor without a session to sign in, and answers 401 to a script', async () => {
    const browser = await fetch(`${hub.url}/dashboard/stories/x/`, { redirect: 'manual', headers: { Accept: 'text/html' } });
    expect(browser.status).toBe(303);
    expect(browser.headers.get('location')).toMatch(/^\/dashboard\/login/);
    expect((await fetch(`${hub.url}/dashboard/?csv=stories`, { redirect: 'manual' })).status).toBeOneOf([303, 401]);
    expect((await fetch(`${hub.url}/api/stats/overview`)).status).toBe(401);
    const bad = await fetch(`${hub.url}/api/stats/overview?days=0`, { headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: { code: 'invalid_request', message: 'days: choose at least 1 day' } });
  });

  it('shows on the overview exactly the numbers of /api/stats/overview, and they add up to the story stats', async () => {
    const overview = await api<Overview>(`/api/stats/overview?days=7`);
    expect(overview.to).toBe(today);
    for (const name of FUNNEL) expect(overview[name], name).toBe(truth[name]);
    expect(overview.excluded).toEqual(truth.excluded);

    const perStory = await Promise.all(truth.stories.map((slug) => api<Stats>(`/api/stats/stories/${slug}?from=${overview.from}&to=${overview.to}`)));
    for (const name of FUNNEL) expect(perStory.reduce((sum, stats) => sum + stats[name], 0), name).toBe(overview[name]);

    const { status, body } = await page('/dashboard/?days=7');
    expect(status).toBe(200);
    const shown = shownMetrics(body);
    for (const name of FUNNEL) expect(shown[name]?.text, name).toBe(formatCell('number', overview[name]));
    expect(shown.kFactor?.text).toBe(formatCell('ratio', overview.kFactor));
    expect(shown.visitorsPerLink?.text).toBe(formatCell('ratio', overview.visitorsPerLink));
    expect(shown.resharesPerVisitor?.text).toBe(formatCell('ratio', overview.resharesPerVisitor));
    expect(shown.cycleTimeSeconds?.value).toBe(String(overview.cycleTimeSeconds ?? ''));
    expect(shown.excluded?.text).toBe(formatCell('number', truth.excluded.bot + truth.excluded.preview + truth.excluded.head));
    expect(body).toContain('<svg viewBox="0 0 320 120" role="img"');

    // Readers: the API counts what the readers sent, and the page shows the API's numbers.
    for (const name of READING) expect(overview[name], name).toBe(readingTruth.story[name] + readingTruth.home[name]);
    for (const name of READING) expect(shown[name]?.text, name).toBe(formatCell('number', overview[name]));
    expect(overview.readRate).toBe(Math.round((overview.reads / overview.readers) * 10_000) / 10_000);
    expect(overview.shareRate).toBe(Math.round((overview.shares / overview.readers) * 10_000) / 10_000);
    expect(shown.readRate?.text).toBe(formatCell('ratio', overview.readRate));
    expect(shown.shareRate?.text).toBe(formatCell('ratio', overview.shareRate));
    expect(overview.days.reduce((sum, day) => sum + day.readers, 0)).toBe(overview.readers);
    expect(overview.pages.map((row) => [row.page, row.kind, row.readers])).toEqual([
      [`/stories/${truth.stories[0]}/`, 'story', readingTruth.story.readers],
      ['/', 'home', readingTruth.home.readers],
    ]);
    expect(overview.sources).toContainEqual({ source: 'whatsapp', medium: '', campaign: '', channel: 'share link', views: 2, readers: 2 });
    expect(overview.sources).toContainEqual({ source: 'google.com', medium: '', campaign: '', channel: 'search', views: 1, readers: 1 });
    expect(overview.sources).toContainEqual({ source: 'newsletter', medium: 'email', campaign: '', channel: 'email', views: 1, readers: 1 });
    const newsletter = overview.goals.find((goal) => goal.goal === 'newsletter');
    expect(newsletter?.unattributed).toBe(2);
    const attributed = overview.goals.reduce((sum, goal) => sum + goal.attributed, 0);
    expect(attributed).toBe(overview.conversions);
    for (const goal of overview.goals) expect(goal.passAlongShare).toBe(Math.round((goal.attributed / (goal.attributed + goal.unattributed!)) * 10_000) / 10_000);
    const { loop } = overview;
    expect(loop).toMatchObject({ readers: overview.readers, clicks: overview.clicks, shareLinkReaders: 2, cycleTimeSeconds: overview.cycleTimeSeconds });
    expect(loop.sharers).toBeGreaterThan(0);
    expect(shown.loopReaders?.text).toBe(formatCell('number', loop.readers));
    expect(shown.loopSharers?.text).toBe(formatCell('number', loop.sharers));
    expect(shown.loopClicks?.text).toBe(formatCell('number', loop.clicks));
    expect(shown.loopNewReaders?.text).toBe(formatCell('number', loop.shareLinkReaders));
    expect(shown.sharersPerReader?.text).toBe(`${formatCell('ratio', loop.sharersPerReader)} per reader`);
    expect(shown.readersPerClick?.text).toBe(`${formatCell('ratio', loop.readersPerClick)} per click`);
    const goalsCsv = (await page('/dashboard/?days=7&csv=goals')).body.trim().split('\r\n').slice(1);
    expect(goalsCsv).toEqual(overview.goals.map((goal) => [goal.goal, goal.attributed, goal.unattributed, goal.passAlongShare].join(',')));
  });

  it('exports each overview table as CSV with the API numbers', async () => {
    const overview = await api<Overview>(`/api/stats/overview?days=7`);
    const csv = await page('/dashboard/?days=7&csv=channels');
    expect(csv.type).toBe('text/csv; charset=utf-8');
    const [header, ...lines] = csv.body.trim().split('\r\n');
    expect(header).toBe('Channel,Shares,Clicks,Unique visitors,Conversions,Reshares,K-factor');
    expect(lines.map((line) => line.split(',').slice(0, 6).join(','))).toEqual(
      overview.channels.map((row) => [row.channel, row.shares, row.clicks, row.uniqueVisitors, row.conversions, row.reshares].join(',')),
    );
    expect((await page('/dashboard/?days=365')).body).toMatch(/365 days are too many rows to read here: <a href="[^"]*csv=daily"/);
    const daily = await page('/dashboard/?days=7&csv=daily');
    expect(daily.body.trim().split('\r\n')).toHaveLength(8);
    expect((await page('/dashboard/?days=7&csv=nothing')).status).toBe(404);
  });

  it('shows on a story page exactly the numbers of /api/stats/stories/<slug>, with its pass-along tree', async () => {
    const slug = truth.stories[0]!;
    const stats = await api<StoryStats>(`/api/stats/stories/${slug}?from=${today}&to=${today}`);
    const { status, body } = await page(`/dashboard/stories/${slug}/?from=${today}&to=${today}`);
    expect(status).toBe(200);
    const shown = shownMetrics(body);
    for (const name of FUNNEL) expect(shown[name]?.text, name).toBe(formatCell('number', stats[name]));
    for (const name of READING) expect(stats[name], name).toBe(readingTruth.story[name]);
    for (const name of ['readers', 'reads'] as const) expect(shown[name]?.text, name).toBe(formatCell('number', stats[name]));
    expect(shown.views?.text).toBe(formatCell('number', stats.views));
    expect(stats.readRate).toBe(0.6);
    expect(stats.shareRate).toBe(Math.round((stats.shares / stats.readers) * 10_000) / 10_000);
    expect(shown.readRate?.text).toBe(formatCell('ratio', stats.readRate));
    expect(shown.shareRate?.text).toBe(formatCell('ratio', stats.shareRate));
    // The funnel starts at readers; each step shows its rate of the step before.
    const steps = ['readers', 'reads', 'shares', 'clicks', 'uniqueVisitors', 'conversions', 'reshares'] as const;
    for (const [index, name] of steps.entries()) {
      if (index === 0) continue;
      const before = stats[steps[index - 1]!];
      const rate = before === 0 ? 0 : Math.round((stats[name] / before) * 10_000) / 10_000;
      expect(shown[`${name}StepRate`]?.text, name).toMatch(new RegExp(`^${formatCell('ratio', rate).replace('.', '\\.')} of `));
    }
    expect(stats.sources.reduce((sum, row) => sum + row.readers, 0)).toBe(stats.readers);
    expect(stats.goals.every((goal) => goal.unattributed === null)).toBe(true);
    expect(stats.goals.reduce((sum, goal) => sum + goal.attributed, 0)).toBe(stats.conversions);
    expect(shown.kFactor?.text).toBe(formatCell('ratio', stats.kFactor));
    expect(shown.cycleTimeSeconds?.value).toBe(String(stats.cycleTimeSeconds ?? ''));
    expect(body).toMatch(/aria-labelledby="tree-title tree-desc"/);
    expect(body.match(/<circle class="tree-node/g)?.length).toBe(stats.shares + 1);

    const generations = await page(`/dashboard/stories/${slug}/?from=${today}&to=${today}&csv=generations`);
    expect(generations.body.trim().split('\r\n').slice(1)).toEqual(
      stats.generations.map((row) => [row.generation, row.links, row.clicks, row.uniqueVisitors, row.conversions].join(',')),
    );
  });

  it('shows on a link page exactly the numbers of /api/stats/links/<code>', async () => {
    const csv = await page(`/dashboard/links/?days=7&sort=clicks&csv=links`);
    const code = csv.body.split('\r\n')[1]!.split(',')[0]!;
    const stats = await api<Stats>(`/api/stats/links/${code}?from=${today}&to=${today}`);
    const shown = shownMetrics((await page(`/dashboard/links/${code}/?from=${today}&to=${today}`)).body);
    for (const name of FUNNEL) expect(shown[name]?.text, name).toBe(formatCell('number', stats[name]));
  });

  it('lists the links behind a number: all shares, reshares only, most clicks first', async () => {
    const count = async (query: string) => (await page(`/dashboard/links/?days=7&${query}&csv=links`)).body.trim().split('\r\n').length - 1;
    expect(await count('sort=created')).toBe(truth.shares);
    expect(await count('reshares=1')).toBe(truth.reshares);
    const clicks = (await page('/dashboard/links/?days=7&sort=clicks&csv=links')).body.trim().split('\r\n').slice(1).map((line) => Number(line.split(',').at(-3)));
    expect(clicks).toEqual([...clicks].sort((a, b) => b - a));
    expect(clicks.reduce((sum, value) => sum + value, 0)).toBe(truth.clicks);
  });

  it.each([
    ['/dashboard/stories/no-such-story/', 404, /no published story/],
    ['/dashboard/stories/STORY/?root=bad!', 404, /not a share link code/],
    ['/dashboard/stories/STORY/?root=Zzzzzzzz', 404, /not part of this story/],
    ['/dashboard/links/Zzzzzzzz/', 404, /no share link/],
    ['/dashboard/links/?channel=pigeon', 400, /channel/],
    ['/dashboard/links/?sort=random', 400, /sort/],
    ['/dashboard/advocates/?page=0', 400, /page/],
    ['/dashboard/?from=2026-02-30', 200, /not a real date|Showing the last 30 days/],
    ['/dashboard/?from=2026-05-01&to=2026-04-01', 200, /from must not be after to/],
  ])('answers %s with %i and says why', async (path, status, message) => {
    const response = await page(path.replace('STORY', truth.stories[0]!));
    expect(response.status).toBe(status);
    expect(response.body).toMatch(message);
  });

  it('escapes advocate names and defuses spreadsheet formulas in CSV', async () => {
    const share = await fetch(`${hub.url}/api/share`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ story: truth.stories[0], channel: 'email', name: '=HYPERLINK("x") & co' }),
    });
    expect(share.status).toBe(201);
    const html = (await page('/dashboard/links/?days=1')).body;
    expect(html).toMatch(/=HYPERLINK\((&quot;|&#34;|")x(&quot;|&#34;|")\) &amp; co/);
    const csv = (await page('/dashboard/links/?days=1&csv=links')).body;
    expect(csv).toContain(`"'=HYPERLINK(""x"") & co"`);
  });

  it('says how many visitor stories wait for moderation', async () => {
    expect((await page('/dashboard/')).body).not.toContain('waiting for moderation');
    expect((await submissionClient(hub.url).submit(storyFields())).status).toBe(303);
    expect((await page('/dashboard/')).body).toContain('1 visitor story is waiting for moderation.');
  });

  it('lists advocates and the momentum timeline', async () => {
    const advocates = await page('/dashboard/advocates/?days=7');
    expect(advocates.status).toBe(200);
    expect(advocates.body).toContain('Reshares by others');
    const momentum = await page('/dashboard/momentum/?days=7');
    expect(momentum.status).toBe(200);
    expect(momentum.body).toContain('First click');
    const winPage = /href="(\/wins\/[\w-]+\/)"/.exec(momentum.body)?.[1];
    expect(winPage).toBeDefined();
    expect((await fetch(`${hub.url}${winPage}`)).status).toBe(200);
    const csv = (await page('/dashboard/momentum/?days=7&csv=wins')).body.split('\r\n');
    expect(csv[0]).toBe('When,Milestone,Whose,Value,Message,Card');
    expect(csv.length).toBeGreaterThan(2);
    const stories = (await page('/dashboard/momentum/?days=7&scope=story&csv=wins')).body.trim().split('\r\n').slice(1);
    expect(stories.length).toBeGreaterThan(0);
    expect(stories.every((line) => line.includes('Story: '))).toBe(true);
    expect((await page('/dashboard/momentum/?scope=planet')).status).toBe(400);
  });
});
