import { describe, expect, it } from 'vitest';
import type { TreeLink } from '../../../src/lib/analytics/get-pass-along-tree.ts';
import { layoutPassAlongTree } from '../../../src/lib/dashboard/layout-pass-along-tree.ts';

const link = (code: string, parentCode: string | null, generation: number, clicks = 0): TreeLink => ({
  code, parentCode, generation, clicks, channel: 'email', advocateName: null, createdAt: 0,
});

/** A root with `width` children, each with a chain `depth` long below it. */
function broom(width: number, depth: number): TreeLink[] {
  const links = [link('root0000', null, 1, 100)];
  for (let i = 0; i < width; i += 1) {
    let parent = 'root0000';
    for (let g = 2; g <= depth + 1; g += 1) {
      const code = `c${i}_${g}`;
      links.push(link(code, parent, g, i));
      parent = code;
    }
  }
  return links;
}

describe('layoutPassAlongTree', () => {
  it('draws every link of a small tree, the story in the centre, area by clicks', () => {
    const layout = layoutPassAlongTree([link('aaaaaaaa', null, 1, 9), link('bbbbbbbb', 'aaaaaaaa', 2, 0), link('cccccccc', null, 1, 1)])!;
    expect(layout.total).toBe(3);
    expect(layout.shown).toBe(3);
    expect(layout.nodes[0]).toMatchObject({ kind: 'story', x: 480, y: 480, branchLinks: 3, branchClicks: 10 });
    expect(layout.edges).toHaveLength(3);
    const [big, small] = ['aaaaaaaa', 'bbbbbbbb'].map((code) => layout.nodes.find((node) => node.code === code)!);
    expect(big!.r).toBeGreaterThan(small!.r);
    expect(layout.branches.map((branch) => [branch.code, branch.links, branch.deepestGeneration])).toEqual([
      ['aaaaaaaa', 2, 2],
      ['cccccccc', 1, 1],
    ]);
  });

  it('draws only the heaviest links of a big tree, connected, and counts the folded ones', () => {
    const links = broom(300, 20);
    const layout = layoutPassAlongTree(links, { budget: 200 })!;
    expect(layout.total).toBe(6001);
    expect(layout.shown).toBe(200);
    expect(layout.deepestGeneration).toBe(21);
    const drawn = new Set(layout.nodes.map((node) => node.code));
    for (const node of layout.nodes.filter((n) => n.kind === 'link')) {
      const parent = links.find((l) => l.code === node.code)!.parentCode;
      if (parent) expect(drawn.has(parent)).toBe(true);
    }
    const folded = layout.nodes.reduce((sum, node) => sum + node.folded, 0);
    expect(folded + layout.shown).toBe(layout.total);
  });

  it('centres on a chosen link and refuses one that is not in the tree', () => {
    const links = broom(3, 3);
    const layout = layoutPassAlongTree(links, { root: 'c1_2' })!;
    expect(layout.total).toBe(3);
    expect(layout.nodes[0]).toMatchObject({ kind: 'link', code: 'c1_2' });
    expect(layoutPassAlongTree(links, { root: 'nope0000' })).toBeUndefined();
  });

  it('handles a chain thousands of generations deep without recursion', () => {
    const links = [link('g0000000', null, 1)];
    for (let g = 1; g < 5000; g += 1) links.push(link(`g${String(g).padStart(7, '0')}`, links[g - 1]!.code, g + 1));
    const layout = layoutPassAlongTree(links)!;
    expect(layout.deepestGeneration).toBe(5000);
    expect(layout.shown).toBe(400);
  });

  it('handles a story with 300,000 links, 200,000 of them made from one link (500k links seeded, a 60k-link story overflowed the stack)', () => {
    const links = broom(200_000, 1);
    for (let i = 0; i < 100_000; i += 1) links.push(link(`top${i}`, null, 1, i % 7));
    const layout = layoutPassAlongTree(links)!;
    expect(layout.total).toBe(300_001);
    expect(layout.shown).toBe(400);
    expect(layout.branches[0]).toMatchObject({ code: 'root0000', links: 200_001 });
  });
});
