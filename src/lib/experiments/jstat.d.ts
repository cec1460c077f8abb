/** The part of jstat 1.9 (no bundled types) that the experiments readout uses. */
declare module 'jstat' {
  /** A two-parameter family: beta(alpha, beta) or gamma(shape, scale). */
  type Family = {
    pdf(x: number, a: number, b: number): number;
    cdf(x: number, a: number, b: number): number;
    inv(p: number, a: number, b: number): number;
    mean(a: number, b: number): number;
    sample(a: number, b: number): number;
  };
  const jStat: {
    beta: Family;
    gamma: Family;
    chisquare: { cdf(x: number, degreesOfFreedom: number): number };
    gammaln(x: number): number;
    betaln(a: number, b: number): number;
    /** Regularized incomplete beta function I_x(a, b). */
    ibeta(x: number, a: number, b: number): number;
    /** Replaces the uniform generator every sampler draws from (Math.random by default). */
    setRandom(next: () => number): void;
    _random_fn: () => number;
  };
  export default jStat;
}
