/**
 * Bots the maintained list (isbot) misses, found in the crawler-user-agents corpus: each fetches
 * pages for a program, not for a person reading, so a fetch of a share link by one is never a
 * click. Matched against the whole User-Agent after the link-preview check. In-app browsers
 * (Instagram, Facebook's FBAN/MetaIAB, LinkedInApp, WeChat's MicroMessenger, LINE, ...) and
 * site-specific browsers (Fluid) are people following a link and must not match any entry here.
 */
export const botAgents: readonly { pattern: RegExp; why: string }[] = [
  { pattern: /GTmetrix/, why: 'GTmetrix page-speed tests: a headless Chrome that appends "GTmetrix" to an ordinary desktop user agent' },
  { pattern: /Miniature\.io\//, why: 'Miniature.io website screenshots (a QtWebEngine renderer)' },
  { pattern: /\bYLT Chrome\//, why: 'Yellow Lab Tools front-end audits: a headless Chrome announcing itself as "YLT"' },
  { pattern: /TSM-turingos/, why: 'TSM-turingos, an automated crawler that hides in a desktop Chrome user agent' },
  { pattern: /\bCode\/\d[\d.]* .*\bElectron\//, why: "VS Code's own fetches (Copilot and extensions reading a page): Code/<version> on Electron, not a browser" },
  { pattern: /\bTrae\/\d[\d.]* .*\bElectron\//, why: "The Trae AI IDE fetching pages for its assistant: Trae/<version> on Electron, not a browser" },
];
