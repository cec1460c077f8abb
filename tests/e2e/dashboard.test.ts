import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatCell } from '../../src/lib/dashboard/data-table.ts';
import type { Overview } from '../../src/lib/analytics/get-overview.ts';
import type { Stats } from '../../src/lib/analytics/schema.ts';
import { simulateGrowth, type GroundTruth } from '../../src/lib/simulation/simulate-growth.ts';
import { startTestHub } from '../helpers/start-test-hub.ts';
import { storyFields, submissionClient } from '../helpers/submission-client.ts';

const TOKEN = 'dashboard-test-token-0123456789';
const PASSWORD = 'dashboard-test-password';
const FUNNEL = ['shares', 'clicks', 'uniqueVisitors', 'conversions', 'reshares'] as const;

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
    const stats = await api<Stats>(`/api/stats/stories/${slug}?from=${today}&to=${today}`);
    const { status, body } = await page(`/dashboard/stories/${slug}/?from=${today}&to=${today}`);
    expect(status).toBe(200);
    const shown = shownMetrics(body);
    for (const name of FUNNEL) expect(shown[name]?.text, name).toBe(formatCell('number', stats[name]));
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
