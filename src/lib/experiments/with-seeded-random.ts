import jStat from 'jstat';

/**
 * Runs `draw` with every jstat sampler reading its uniforms from `next` (a seeded generator such
 * as createRandom(seed).next), then puts the previous generator back. jstat keeps one global
 * generator; `draw` is synchronous, so nothing else can sample in between.
 */
export function withSeededRandom<T>(next: () => number, draw: () => T): T {
  const previous = jStat._random_fn;
  jStat.setRandom(next);
  try {
    return draw();
  } finally {
    jStat.setRandom(previous);
  }
}
