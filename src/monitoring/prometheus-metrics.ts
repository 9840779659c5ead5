import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { createGatewayMetrics } from './gateway-metrics.js';
import { renderEndpointMetrics } from './render-endpoint.js';
import type { CallObservation, MetricsRecorder } from './types.js';

/** OTel GenAI semantic-convention bucket advice for gen_ai.client.operation.duration (seconds). */
const operationDurationBuckets = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92];
/** OTel advice for gen_ai.client.token.usage. */
const tokenBuckets = [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864];
/** OTel advice for gen_ai.server.time_to_first_token (seconds). */
const timeToFirstTokenBuckets = [0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];
/** The gateway's own overhead: fine buckets from 0.1 ms to 100 ms. */
const overheadBuckets = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1];
const httpDurationBuckets = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

const genAiLabels = ['gen_ai_operation_name', 'gen_ai_system', 'gen_ai_request_model', 'endpoint', 'served_entity'] as const;

interface BoundHistogram {
  observe(value: number): void;
}
interface BoundCounter {
  inc(value?: number): void;
}

/** The children one call updates, bound to its label values. */
interface CallSeries {
  operationDuration: BoundHistogram;
  timeToFirstToken: BoundHistogram;
  inputTokenUsage: BoundHistogram;
  outputTokenUsage: BoundHistogram;
  inputTokens: BoundCounter;
  outputTokens: BoundCounter;
  requests: BoundCounter;
  requestErrors: BoundCounter | undefined;
  overhead: BoundHistogram;
}

/**
 * Prometheus metrics on a registry of their own (tests run many servers in one process, and the global registry
 * would refuse the second). Names follow the OpenTelemetry GenAI semantic conventions where one exists, translated
 * to Prometheus form; Cairn's own series are prefixed `cairn_`. Every recording method is an in-memory update.
 */
export function createMetrics(): MetricsRecorder & { readonly registry: Registry } {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];

  const operationDuration = new Histogram({
    name: 'gen_ai_client_operation_duration_seconds',
    help: 'GenAI operation duration (OTel gen_ai.client.operation.duration), whole call including the stream.',
    labelNames: [...genAiLabels, 'error_type'],
    buckets: operationDurationBuckets,
    registers,
  });
  const tokenUsage = new Histogram({
    name: 'gen_ai_client_token_usage',
    help: 'Tokens used per call (OTel gen_ai.client.token.usage), by gen_ai_token_type input or output.',
    labelNames: [...genAiLabels, 'gen_ai_token_type'],
    buckets: tokenBuckets,
    registers,
  });
  const timeToFirstToken = new Histogram({
    name: 'gen_ai_server_time_to_first_token_seconds',
    help: 'Time to the first generated token of a streamed call (OTel gen_ai.server.time_to_first_token).',
    labelNames: genAiLabels,
    buckets: timeToFirstTokenBuckets,
    registers,
  });
  const requests = new Counter({
    name: 'cairn_requests_total',
    help: 'Model calls by endpoint, served entity and HTTP status.',
    labelNames: ['endpoint', 'served_entity', 'status_code'],
    registers,
  });
  const requestErrors = new Counter({
    name: 'cairn_request_errors_total',
    help: 'Failed model calls by endpoint, served entity and error code.',
    labelNames: ['endpoint', 'served_entity', 'error_code'],
    registers,
  });
  const inputTokens = new Counter({
    name: 'cairn_input_tokens_total',
    help: 'Input (prompt) tokens by endpoint and served entity.',
    labelNames: ['endpoint', 'served_entity'],
    registers,
  });
  const outputTokens = new Counter({
    name: 'cairn_output_tokens_total',
    help: 'Output (completion) tokens by endpoint and served entity.',
    labelNames: ['endpoint', 'served_entity'],
    registers,
  });
  const overhead = new Histogram({
    name: 'cairn_overhead_seconds',
    help: "Cairn's own time per model call: total minus time spent waiting on the model (x-cairn-overhead-ms).",
    labelNames: ['endpoint'],
    buckets: overheadBuckets,
    registers,
  });
  const inFlight = new Gauge({
    name: 'cairn_in_flight_requests',
    help: 'Model calls in progress by endpoint.',
    labelNames: ['endpoint'],
    registers,
  });
  const httpRequests = new Counter({
    name: 'cairn_http_requests_total',
    help: 'HTTP requests by route pattern, method and status.',
    labelNames: ['route', 'method', 'status_code'],
    registers,
  });
  const httpDuration = new Histogram({
    name: 'cairn_http_request_duration_seconds',
    help: 'HTTP request duration by route pattern and method.',
    labelNames: ['route', 'method'],
    buckets: httpDurationBuckets,
    registers,
  });
  const captureQueueDepth = new Gauge({ name: 'cairn_capture_queue_depth', help: 'Inference-table rows waiting to be written.', registers });
  const captureDropped = new Counter({
    name: 'cairn_capture_dropped_total',
    help: 'Inference-table rows dropped (queue full or write failed after retries).',
    registers,
  });
  const captureWritten = new Counter({ name: 'cairn_capture_written_total', help: 'Inference-table rows written.', registers });
  const descriptorRows = new Counter({
    name: 'cairn_descriptor_rows_total',
    help: 'Captured rows by descriptor outcome: written, skipped (failed call or sampled out), dropped (queue full), failed.',
    labelNames: ['outcome'],
    registers,
  });
  const signatureOutputMismatches = new Counter({
    name: 'cairn_signature_output_mismatches_total',
    help: "Predict calls whose predictions did not match the served entity's output signature (the call still succeeded).",
    labelNames: ['endpoint', 'served_entity'],
    registers,
  });
  const alertDeliveries = new Counter({
    name: 'cairn_alert_deliveries_total',
    help: 'Alert notification attempts by channel kind and outcome (delivered, retried, dead).',
    labelNames: ['kind', 'outcome'],
    registers,
  });

  /**
   * prom-client validates and hashes a label object on every call; binding the children once per label
   * combination makes a call's eleven updates plain in-memory increments. Label values are bounded: endpoints
   * and served entities are configured names, and calls not authorised on an endpoint share one label.
   */
  const seriesByKey = new Map<string, CallSeries>();
  // Routes are patterns (or 'unmatched'), so this map is bounded too.
  const httpSeries = new Map<string, { requests: BoundCounter; duration: BoundHistogram }>();
  function callSeries(observation: CallObservation, errorType: string): CallSeries {
    const key = [observation.endpoint, observation.servedEntity, observation.operation, observation.provider, observation.model, observation.statusCode, errorType].join('\u0000');
    let series = seriesByKey.get(key);
    if (!series) {
      const { endpoint, servedEntity } = observation;
      const genAi = {
        gen_ai_operation_name: observation.operation,
        gen_ai_system: observation.provider,
        gen_ai_request_model: observation.model,
        endpoint,
        served_entity: servedEntity,
      };
      series = {
        operationDuration: operationDuration.labels({ ...genAi, error_type: errorType }),
        timeToFirstToken: timeToFirstToken.labels(genAi),
        inputTokenUsage: tokenUsage.labels({ ...genAi, gen_ai_token_type: 'input' }),
        outputTokenUsage: tokenUsage.labels({ ...genAi, gen_ai_token_type: 'output' }),
        inputTokens: inputTokens.labels({ endpoint, served_entity: servedEntity }),
        outputTokens: outputTokens.labels({ endpoint, served_entity: servedEntity }),
        requests: requests.labels({ endpoint, served_entity: servedEntity, status_code: String(observation.statusCode) }),
        requestErrors: errorType ? requestErrors.labels({ endpoint, served_entity: servedEntity, error_code: errorType }) : undefined,
        overhead: overhead.labels({ endpoint }),
      };
      seriesByKey.set(key, series);
    }
    return series;
  }

  return {
    registry,
    contentType: registry.contentType,
    ...createGatewayMetrics(registry),

    observeCall(observation: CallObservation) {
      const failed = observation.statusCode >= 400 || observation.errorCode !== null;
      const errorType = failed ? (observation.errorCode ?? String(observation.statusCode)) : '';
      const series = callSeries(observation, errorType);
      series.operationDuration.observe(observation.durationMs / 1000);
      if (observation.ttftMs !== null) series.timeToFirstToken.observe(observation.ttftMs / 1000);
      if (observation.inputTokens !== null) {
        series.inputTokenUsage.observe(observation.inputTokens);
        series.inputTokens.inc(observation.inputTokens);
      }
      if (observation.outputTokens !== null) {
        series.outputTokenUsage.observe(observation.outputTokens);
        series.outputTokens.inc(observation.outputTokens);
      }
      series.requests.inc();
      series.requestErrors?.inc();
      series.overhead.observe(observation.overheadMs / 1000);
    },

    inFlight(endpoint, delta) {
      inFlight.inc({ endpoint }, delta);
    },

    observeHttp(route, method, statusCode, durationMs) {
      const key = `${method} ${statusCode} ${route}`;
      let series = httpSeries.get(key);
      if (!series) {
        series = { requests: httpRequests.labels({ route, method, status_code: String(statusCode) }), duration: httpDuration.labels({ route, method }) };
        httpSeries.set(key, series);
      }
      series.requests.inc();
      series.duration.observe(durationMs / 1000);
    },

    captureQueueDepth(depth) {
      captureQueueDepth.set(depth);
    },
    captureDropped(count) {
      if (count > 0) captureDropped.inc(count);
    },
    captureWritten(count) {
      if (count > 0) captureWritten.inc(count);
    },
    descriptorRows(outcome, count) {
      if (count > 0) descriptorRows.inc({ outcome }, count);
    },
    signatureOutputMismatch(endpoint, servedEntity) {
      signatureOutputMismatches.inc({ endpoint, served_entity: servedEntity });
    },
    alertDelivery(kind, outcome) {
      alertDeliveries.inc({ kind, outcome });
    },

    render: () => registry.metrics(),
    renderEndpoint: (endpoint) => renderEndpointMetrics(registry, endpoint),
  };
}
