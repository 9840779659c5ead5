import autocannon from 'autocannon';

export interface LoadOptions {
  url: string;
  body: string;
  /**
   * When given, each request's body instead (`sequence` counts from 0): a prompt that differs per request, so no
   * cache keyed by the text answers from memory what a real workload would compute.
   */
  bodyFor?: ((sequence: number) => string) | undefined;
  headers: Record<string, string>;
  connections: number;
  durationSeconds: number;
  /**
   * Requests per second over all connections (autocannon's `overallRate`), instead of the closed loop: each
   * connection sends its share of the rate each second, then waits for the next second.
   */
  overallRate?: number | undefined;
}

export interface LatencySummary {
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
}

export interface LoadResult {
  /** 2xx responses. */
  ok: number;
  non2xx: number;
  /** Connection errors and timeouts, as autocannon counts them. */
  errors: number;
  timeouts: number;
  statusCounts: Record<string, number>;
  durationSeconds: number;
  /** 2xx responses per second over the run. */
  requestsPerSecond: number;
  /** Time to the full response (the whole stream for SSE), 2xx only, ms with sub-ms precision. */
  latencyMs: LatencySummary;
}

function percentile(sorted: Float64Array, fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  // Nearest-rank: the smallest value with at least `fraction` of the samples at or below it.
  const rank = Math.max(1, Math.ceil(fraction * sorted.length));
  return sorted[rank - 1]!;
}

export function summarise(samples: number[]): LatencySummary {
  const sorted = Float64Array.from(samples).sort();
  const sum = samples.reduce((total, value) => total + value, 0);
  return {
    p50: percentile(sorted, 0.5),
    p90: percentile(sorted, 0.9),
    p99: percentile(sorted, 0.99),
    max: sorted.length === 0 ? Number.NaN : sorted[sorted.length - 1]!,
    mean: samples.length === 0 ? Number.NaN : sum / samples.length,
  };
}

/**
 * One closed-loop autocannon run (rate-limited with `overallRate`). Latencies are collected here from the per-response event, because
 * autocannon's own histogram keeps whole milliseconds — too coarse for a 2 ms overhead budget.
 */
export function runLoad(options: LoadOptions): Promise<LoadResult> {
  const latencies: number[] = [];
  const statusCounts: Record<string, number> = {};
  const { bodyFor } = options;
  let sequence = 0;
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.url,
        method: 'POST',
        body: options.body,
        headers: options.headers,
        connections: options.connections,
        pipelining: 1,
        duration: options.durationSeconds,
        timeout: 30,
        ...(options.overallRate !== undefined ? { overallRate: options.overallRate } : {}),
        ...(bodyFor
          ? {
              requests: [
                {
                  setupRequest: (request) => {
                    request.body = bodyFor(sequence++);
                    return request;
                  },
                },
              ],
            }
          : {}),
      },
      (error, result) => {
        if (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
          return;
        }
        const ok = latencies.length;
        resolve({
          ok,
          non2xx: result.non2xx,
          errors: result.errors,
          timeouts: result.timeouts,
          statusCounts,
          durationSeconds: result.duration,
          requestsPerSecond: ok / result.duration,
          latencyMs: summarise(latencies),
        });
      },
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      statusCounts[statusCode] = (statusCounts[statusCode] ?? 0) + 1;
      if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
    });
  });
}
