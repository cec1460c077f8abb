import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { CHROMIUM } from '../helpers/launch-browser.ts';

const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;
type Category = (typeof CATEGORIES)[number];

/** One page's Lighthouse result: scores out of 100, the metrics that make the performance score, and what it flagged. */
export type LighthouseSummary = {
  scores: Record<Category, number>;
  lcpMs: number;
  tbtMs: number;
  cls: number;
  /** Audits that did not pass, as "category: audit id (display value)". */
  flagged: string[];
};

type Result = NonNullable<Awaited<ReturnType<typeof lighthouse>>>['lhr'];

function summarize(lhr: Result): LighthouseSummary {
  const scores = Object.fromEntries(CATEGORIES.map((id) => [id, Math.round((lhr.categories[id]?.score ?? 0) * 100)])) as Record<Category, number>;
  const flagged: string[] = [];
  for (const id of CATEGORIES) {
    for (const ref of lhr.categories[id]?.auditRefs ?? []) {
      const audit = lhr.audits[ref.id];
      if (!audit || ref.group === 'metrics' || audit.score === null || audit.score >= 1) continue;
      if (audit.scoreDisplayMode === 'informative' || audit.scoreDisplayMode === 'notApplicable' || audit.scoreDisplayMode === 'manual') continue;
      flagged.push(`${id}: ${ref.id}${audit.displayValue ? ` (${audit.displayValue})` : ''}`);
    }
  }
  return {
    scores,
    lcpMs: Math.round(lhr.audits['largest-contentful-paint']?.numericValue ?? 0),
    tbtMs: Math.round(lhr.audits['total-blocking-time']?.numericValue ?? 0),
    cls: Number((lhr.audits['cumulative-layout-shift']?.numericValue ?? 0).toFixed(3)),
    flagged,
  };
}

/**
 * Runs Lighthouse 12 (its default: mobile emulation, simulated slow 4G and 4x CPU slowdown)
 * `runs` times on each URL in one headless Chromium and keeps, per URL, the run with the median
 * performance score (the machine is shared, so single runs are noisy). Lighthouse 12.2.3 cannot
 * read this Chromium's (156) frame events, so its LCP-element and layout-shift diagnostics error
 * out (their weight is 0: the scores are unaffected); measurePageWeight observes the LCP element.
 */
export async function runLighthouse(urls: string[], runs: number): Promise<LighthouseSummary[]> {
  const chrome = await chromeLauncher.launch({
    chromePath: CHROMIUM,
    chromeFlags: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const summaries: LighthouseSummary[] = [];
    for (const url of urls) {
      const results: LighthouseSummary[] = [];
      for (let attempt = 0; results.length < runs; attempt += 1) {
        const result = await lighthouse(url, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: [...CATEGORIES] });
        const error = result ? result.lhr.runtimeError?.message : 'no result';
        if (!error) {
          results.push(summarize(result!.lhr));
          continue;
        }
        // This Chromium now and then shows an interstitial instead of the page; another run loads it.
        if (attempt >= runs + 2) throw new Error(`Lighthouse failed on ${url}: ${error}`);
        console.error(`Lighthouse run on ${url} failed (${error}); running it again`);
      }
      results.sort((a, b) => a.scores.performance - b.scores.performance);
      summaries.push(results[Math.floor(results.length / 2)]!);
    }
    return summaries;
  } finally {
    chrome.kill();
  }
}
