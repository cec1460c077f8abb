/** The part of autocannon's API the benches use (the package ships no types). */
declare module 'autocannon' {
  type Histogram = { average: number; p50: number; p99: number; total: number };
  type Result = { requests: Histogram; latency: Histogram; errors: number; timeouts: number; non2xx: number; '2xx'?: number; '3xx'?: number };
  type Request = { path: string; method?: string; headers?: Record<string, string>; body?: string };
  function autocannon(options: {
    url: string;
    connections?: number;
    duration?: number;
    amount?: number;
    /** Requests per second across all connections (a fixed offered load). */
    overallRate?: number;
    method?: string;
    body?: string;
    headers?: Record<string, string>;
    requests?: { setupRequest?: (request: Request) => Request }[];
  }): Promise<Result>;
  export default autocannon;
}
