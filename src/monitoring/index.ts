// STUB — replaced by the monitoring implementation.
import type { MetricsRecorder } from './types.js';

export type * from './types.js';

export function createMetrics(): MetricsRecorder {
  return {
    observeCall() {},
    inFlight() {},
    observeHttp() {},
    captureQueueDepth() {},
    captureDropped() {},
    captureWritten() {},
    render: async () => '',
    renderEndpoint: async () => '',
    contentType: 'text/plain; version=0.0.4; charset=utf-8',
  };
}
