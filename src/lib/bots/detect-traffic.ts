import { isbot } from 'isbot';
import type { ExclusionReason } from '../referrals/clicks/traffic-event.ts';
import { botAgents } from './bot-agents.ts';
import { previewAgents } from './preview-agents.ts';

const previewPattern = new RegExp(
  previewAgents.map(({ token }) => token.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|'),
  'i',
);

const isOurBot = (userAgent: string) => botAgents.some(({ pattern }) => pattern.test(userAgent));

type Traffic = { person: true } | { person: false; reason: ExclusionReason };

/** User agents repeat a lot: remember the verdict (bounded) instead of running the big regexes again. */
const seen = new Map<string, Traffic>();
const SEEN_LIMIT = 10_000;

/**
 * Who fetched a referral link: a person (a click), or an excluded fetch and why. HEAD is never a
 * person opening a link; link-preview fetchers come before other bots (isbot's maintained list,
 * then the hub's own additions in bot-agents.ts), and a request without a User-Agent is a bot.
 */
export function detectTraffic(method: string | undefined, userAgent: string | undefined): Traffic {
  if (method === 'HEAD') return { person: false, reason: 'head' };
  if (!userAgent || userAgent.trim() === '') return { person: false, reason: 'bot' };
  let traffic = seen.get(userAgent);
  if (!traffic) {
    if (previewPattern.test(userAgent)) traffic = { person: false, reason: 'preview' };
    else if (isbot(userAgent) || isOurBot(userAgent)) traffic = { person: false, reason: 'bot' };
    else traffic = { person: true };
    if (seen.size >= SEEN_LIMIT) seen.clear();
    seen.set(userAgent, traffic);
  }
  return traffic;
}

type Device = 'mobile' | 'tablet' | 'desktop';
const devices = new Map<string, Device>();

/** Coarse device class for segments: no fingerprinting, only what the User-Agent says openly (remembered per agent, bounded). */
export function deviceClass(userAgent: string | undefined): Device {
  if (!userAgent) return 'desktop';
  let device = devices.get(userAgent);
  if (!device) {
    device = /iPad|Tablet|Nexus (7|9|10)|SM-T\d|Kindle|Silk/i.test(userAgent) ? 'tablet' : /Mobi|iPhone|Android/i.test(userAgent) ? 'mobile' : 'desktop';
    if (devices.size >= SEEN_LIMIT) devices.clear();
    devices.set(userAgent, device);
  }
  return device;
}
