import type { Channel } from '../referrals/channels.ts';
import { createRandom } from './create-random.ts';

/**
 * A seeded growth-loop simulation that drives a running hub over its real HTTP endpoints:
 * advocates share stories, friends click through channels, some convert, some reshare (their
 * link becomes a child of the one they came through), and bots, link previews and HEAD requests
 * are mixed in. It returns what it did (the ground truth) for comparison with the hub's stats.
 */

export type GroundTruth = {
  shares: number;
  reshares: number;
  clicks: number;
  uniqueVisitors: number;
  conversions: number;
  maxGeneration: number;
  excluded: { bot: number; preview: number; head: number };
  stories: string[];
};

export type SimulationOptions = {
  baseUrl: string;
  links: number;
  seed: number;
  stories: string[];
  /** Requests in flight at once (independent advocates run side by side). */
  concurrency?: number;
  onProgress?: (links: number) => void;
};

const SHARE_CHANNELS: Channel[] = ['whatsapp', 'x', 'linkedin', 'facebook', 'email', 'copy', 'qr', 'native'];
const GOALS = ['newsletter', 'cta-join', 'repair-booked'];
const PREVIEW_AGENTS = [
  'facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)',
  'Twitterbot/1.0',
  'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)',
  'LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)',
  'WhatsApp/2.23.20.0',
  'TelegramBot (like TwitterBot)',
];
const BOT_AGENTS = [
  'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
  'Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)',
  'curl/8.5.0',
];

/** One simulated person's browser: their cookies, a user agent and a network address of their own. */
class Person {
  readonly cookies = new Map<string, string>();
  readonly userAgent: string;
  readonly address: string;
  constructor(id: number) {
    // A distinct, ordinary browser per person, so the hub's visitor hash tells them apart.
    this.userAgent = `Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.${Math.floor(id / 1000)}.${id % 1000} Mobile Safari/537.36`;
    // And an address of their own (a hub with TRUST_PROXY believes X-Forwarded-For), so the per-client limits see many people.
    this.address = `10.${(id >> 16) & 255}.${(id >> 8) & 255}.${id & 255}`;
  }
  headers(extra: Record<string, string> = {}): Record<string, string> {
    const cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    return { 'User-Agent': this.userAgent, 'X-Forwarded-For': this.address, ...(cookie ? { Cookie: cookie } : {}), ...extra };
  }
  remember(response: Response) {
    for (const header of response.headers.getSetCookie()) {
      const [pair] = header.split(';');
      const eq = pair!.indexOf('=');
      this.cookies.set(pair!.slice(0, eq), pair!.slice(eq + 1));
    }
  }
}

type Task = { person: Person; story: string; parentCode: string | null; random: ReturnType<typeof createRandom> };

export async function simulateGrowth(options: SimulationOptions): Promise<GroundTruth> {
  const { baseUrl, links: budget, seed, stories } = options;
  const concurrency = options.concurrency ?? 16;
  const truth: GroundTruth = {
    shares: 0,
    reshares: 0,
    clicks: 0,
    uniqueVisitors: 0,
    conversions: 0,
    maxGeneration: 0,
    excluded: { bot: 0, preview: 0, head: 0 },
    stories: [],
  };
  const touched = new Set<string>();
  let people = 0;
  let claimed = 0;
  const queue: Task[] = [];
  const master = createRandom(seed);
  // Each task draws from its own stream, seeded by its parent's stream (roots: the master's), so
  // a chain unfolds the same way whatever order concurrent requests finish in.
  const newTask = (person: Person, story: string, parentCode: string | null, from = master): Task => ({
    person,
    story,
    parentCode,
    random: createRandom(Math.floor(from.next() * 2 ** 32)),
  });

  async function expectStatus(response: Response, wanted: number[], what: string) {
    if (!wanted.includes(response.status)) {
      throw new Error(`${what}: the hub answered ${response.status} ${await response.text()}`);
    }
  }

  async function run(task: Task) {
    const { person, random } = task;
    const shared = await fetch(`${baseUrl}/api/share`, {
      method: 'POST',
      headers: person.headers({ 'Content-Type': 'application/json' }),
      body: JSON.stringify({ story: task.story, channel: random.pick(SHARE_CHANNELS), name: random.next() < 0.5 ? `Advocate ${people}` : undefined }),
    });
    await expectStatus(shared, [201], 'POST /api/share');
    person.remember(shared);
    const link = (await shared.json()) as { code: string; parent: string | null; generation: number };
    truth.shares += 1;
    if (link.parent) truth.reshares += 1;
    truth.maxGeneration = Math.max(truth.maxGeneration, link.generation);
    touched.add(task.story);
    options.onProgress?.(truth.shares);
    const linkUrl = `${baseUrl}/r/${link.code}`;

    // Link previews, crawlers and HEAD requests: never clicks.
    if (random.next() < 0.5) {
      await expectStatus(await fetch(linkUrl, { headers: { 'User-Agent': random.pick(PREVIEW_AGENTS) } }), [200], 'preview fetch');
      truth.excluded.preview += 1;
    }
    if (random.next() < 0.15) {
      await expectStatus(await fetch(linkUrl, { headers: { 'User-Agent': random.pick(BOT_AGENTS) } }), [200], 'bot fetch');
      truth.excluded.bot += 1;
    }
    if (random.next() < 0.1) {
      await expectStatus(await fetch(linkUrl, { method: 'HEAD', headers: person.headers() }), [200], 'HEAD');
      truth.excluded.head += 1;
    }

    const friends = 1 + Math.floor(random.next() ** 2 * 8);
    for (let i = 0; i < friends; i += 1) {
      const friend = new Person(people++);
      const visits = random.next() < 0.15 ? 2 : 1;
      for (let visit = 0; visit < visits; visit += 1) {
        const clicked = await fetch(linkUrl, { headers: friend.headers(), redirect: 'manual' });
        await expectStatus(clicked, [302], 'GET /r/<code>');
        friend.remember(clicked);
        truth.clicks += 1;
      }
      truth.uniqueVisitors += 1;
      if (random.next() < 0.12) {
        const converted = await fetch(`${baseUrl}/api/convert`, {
          method: 'POST',
          headers: friend.headers({ 'Content-Type': 'application/json' }),
          body: JSON.stringify({ goal: random.pick(GOALS) }),
        });
        await expectStatus(converted, [204], 'POST /api/convert');
        truth.conversions += 1;
      }
      if (random.next() < 0.22 && claimed < budget) {
        claimed += 1;
        queue.push(newTask(friend, task.story, link.code, random));
      }
    }
  }

  async function worker() {
    for (;;) {
      let task = queue.shift();
      if (!task && claimed < budget) {
        // The loop died out (or has not started): a new advocate shares a story from scratch.
        claimed += 1;
        task = newTask(new Person(people++), master.pick(stories), null);
      }
      if (!task) {
        if (active === 0) return;
        await new Promise((resolve) => setTimeout(resolve, 5));
        continue;
      }
      active += 1;
      try {
        await run(task);
      } finally {
        active -= 1;
      }
    }
  }
  let active = 0;
  await Promise.all(Array.from({ length: concurrency }, worker));
  truth.stories = [...touched].sort();
  return truth;
}
