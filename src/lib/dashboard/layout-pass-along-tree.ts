import { hierarchy, tree } from 'd3-hierarchy';
import { scaleSqrt } from 'd3-scale';
import type { TreeLink } from '../analytics/get-pass-along-tree.ts';

/** A circle of the picture: a share link, or the story at the centre. */
export type PlacedNode = {
  kind: 'story' | 'link';
  code: string | null;
  label: string;
  channel: string | null;
  generation: number;
  clicks: number;
  /** Links and clicks of the branch this node starts (itself and every descendant). */
  branchLinks: number;
  branchClicks: number;
  /** Links below this one too small to draw one by one (their branches included). */
  folded: number;
  x: number;
  y: number;
  r: number;
};

/** A first-level branch, for the text alternative of the picture. */
export type Branch = { code: string; label: string; channel: string; links: number; deepestGeneration: number; clicks: number };

export type TreeLayout = {
  size: number;
  /** The part of the size × size square the drawing covers (plus a margin): the SVG's viewBox. */
  viewBox: { x: number; y: number; width: number; height: number };
  nodes: PlacedNode[];
  edges: { x1: number; y1: number; x2: number; y2: number }[];
  /** Links in the tree, and how many are drawn one by one (the rest are folded into "+N"). */
  total: number;
  shown: number;
  deepestGeneration: number;
  branches: Branch[];
};

type Draft = { kind: PlacedNode['kind']; link: TreeLink | null; label: string; branchLinks: number; branchClicks: number; folded: number; children: Draft[] };

const describe = (link: TreeLink) => `${link.advocateName ?? 'Anonymous'} · ${link.channel} · generation ${link.generation}`;

/**
 * Lays out a story's pass-along as a radial tree: the story (or the chosen `root` link) in the
 * centre, each generation a ring further out, circle area by clicks. With thousands of links
 * only the `budget` heaviest links are drawn one by one (a parent always outweighs its
 * children, so what is drawn stays connected); each drawn link counts the links folded below
 * it. Returns undefined when `root` is not a link of this tree.
 */
export function layoutPassAlongTree(links: TreeLink[], options: { root?: string; budget?: number; size?: number } = {}): TreeLayout | undefined {
  const budget = options.budget ?? 400;
  const size = options.size ?? 960;
  const byCode = new Map(links.map((link) => [link.code, link]));
  if (options.root && !byCode.has(options.root)) return undefined;
  const childrenOf = new Map<string | null, TreeLink[]>();
  for (const link of links) {
    const parent = link.parentCode && byCode.has(link.parentCode) ? link.parentCode : null;
    const siblings = childrenOf.get(parent);
    if (siblings) siblings.push(link);
    else childrenOf.set(parent, [link]);
  }

  // Branch sums bottom-up, without recursion (chains can be thousands deep).
  const sums = new Map<string, { links: number; clicks: number; deepest: number }>();
  const order: TreeLink[] = [];
  const stack = [...(options.root ? [byCode.get(options.root)!] : (childrenOf.get(null) ?? []))];
  while (stack.length > 0) {
    const link = stack.pop()!;
    order.push(link);
    // A loop, not push(...children): spreading a link's 100,000 children overflows the stack.
    for (const child of childrenOf.get(link.code) ?? []) stack.push(child);
  }
  for (const link of order.reverse()) {
    const sum = { links: 1, clicks: link.clicks, deepest: link.generation };
    for (const child of childrenOf.get(link.code) ?? []) {
      const childSum = sums.get(child.code)!;
      sum.links += childSum.links;
      sum.clicks += childSum.clicks;
      sum.deepest = Math.max(sum.deepest, childSum.deepest);
    }
    sums.set(link.code, sum);
  }
  const weighted = [...sums].map(([code, sum]) => ({ code, weight: sum.links + sum.clicks }));
  weighted.sort((a, b) => b.weight - a.weight || (a.code < b.code ? -1 : 1));
  const shownCodes = new Set(weighted.slice(0, budget).map((entry) => entry.code));

  function draft(link: TreeLink): Draft {
    const sum = sums.get(link.code)!;
    return { kind: 'link', link, label: describe(link), branchLinks: sum.links, branchClicks: sum.clicks, folded: 0, children: [] };
  }
  const rootLink = options.root ? byCode.get(options.root)! : null;
  const top: Draft = rootLink
    ? draft(rootLink)
    : { kind: 'story', link: null, label: 'The story', branchLinks: links.length, branchClicks: links.reduce((total, link) => total + link.clicks, 0), folded: 0, children: [] };
  const queue: Draft[] = [top];
  while (queue.length > 0) {
    const node = queue.pop()!;
    for (const child of childrenOf.get(node.link?.code ?? null) ?? []) {
      if (shownCodes.has(child.code)) {
        const childDraft = draft(child);
        node.children.push(childDraft);
        queue.push(childDraft);
      } else {
        node.folded += sums.get(child.code)!.links;
      }
    }
    node.children.sort((a, b) => b.branchLinks + b.branchClicks - (a.branchLinks + a.branchClicks));
  }

  const radius = size / 2 - 24;
  const root = hierarchy(top);
  tree<Draft>()
    .size([2 * Math.PI, radius])
    .separation((a, b) => (a.parent === b.parent ? 1 : 2) / Math.max(1, a.depth))(root);
  const clicksMax = links.reduce((max, link) => Math.max(max, link.clicks), 1);
  const area = scaleSqrt().domain([0, clicksMax]).range([2.5, 16]);
  const place = (node: typeof root) => {
    const angle = (node.x ?? 0) - Math.PI / 2;
    const distance = node.y ?? 0;
    return { x: Math.round((size / 2 + distance * Math.cos(angle)) * 10) / 10, y: Math.round((size / 2 + distance * Math.sin(angle)) * 10) / 10 };
  };
  const nodes: PlacedNode[] = [];
  const edges: TreeLayout['edges'] = [];
  for (const node of root.descendants()) {
    const { x, y } = place(node);
    const data = node.data;
    const clicks = data.link?.clicks ?? 0;
    nodes.push({
      kind: data.kind,
      code: data.link?.code ?? null,
      label: data.label,
      channel: data.link?.channel ?? null,
      generation: data.link?.generation ?? 0,
      clicks,
      branchLinks: data.branchLinks,
      branchClicks: data.branchClicks,
      folded: data.folded,
      x,
      y,
      r: data.kind === 'story' ? 10 : Math.round(area(clicks) * 10) / 10,
    });
    if (node.parent) {
      const from = place(node.parent);
      edges.push({ x1: from.x, y1: from.y, x2: x, y2: y });
    }
  }

  const firstLevel = rootLink ? (childrenOf.get(rootLink.code) ?? []) : (childrenOf.get(null) ?? []);
  const branches = firstLevel
    .map((link) => ({ code: link.code, label: describe(link), channel: link.channel, links: sums.get(link.code)!.links, deepestGeneration: sums.get(link.code)!.deepest, clicks: sums.get(link.code)!.clicks }))
    .sort((a, b) => b.links + b.clicks - (a.links + a.clicks) || a.code.localeCompare(b.code));
  const margin = 8;
  const minX = Math.min(...nodes.map((node) => node.x - node.r)) - margin;
  const minY = Math.min(...nodes.map((node) => node.y - node.r)) - margin;
  const maxX = Math.max(...nodes.map((node) => node.x + node.r)) + margin;
  const maxY = Math.max(...nodes.map((node) => node.y + node.r)) + margin;
  // A small tree fills its box instead of a corner of it, but never zooms in more than 3x.
  const side = Math.max(maxX - minX, maxY - minY, size / 3);
  const viewBox = {
    x: Math.round(minX - (side - (maxX - minX)) / 2),
    y: Math.round(minY - (side - (maxY - minY)) / 2),
    width: Math.round(side),
    height: Math.round(side),
  };
  return {
    size,
    viewBox,
    nodes,
    edges,
    total: order.length,
    shown: nodes.filter((node) => node.kind === 'link').length,
    deepestGeneration: [...sums.values()].reduce((deepest, sum) => Math.max(deepest, sum.deepest), 0),
    branches,
  };
}
