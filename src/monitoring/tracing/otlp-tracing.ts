import { type Context, ROOT_CONTEXT, type Span, SpanKind, SpanStatusCode, trace, TraceFlags, type Tracer } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { Logger } from 'pino';
import type { CallObservation, CallObserver } from '../../capture/index.js';
import { genAiSpanAttributes, genAiSpanName } from './gen-ai-attributes.js';

export interface OtlpTracingOptions {
  /** OTLP/HTTP base URL; spans go to `{endpoint}/v1/traces` (OTLP/HTTP JSON). */
  endpoint: string;
  headers?: Record<string, string>;
  serviceName: string;
  serviceVersion: string;
  logger: Logger;
  /** Tests pass an in-memory exporter; production exports over OTLP/HTTP. */
  exporter?: SpanExporter;
  /** Spans waiting for export beyond this are dropped by the SDK (never an unbounded queue). */
  maxQueueSize?: number;
  scheduledDelayMillis?: number;
  /** Longest wait for the last export on close (default 2 s). */
  shutdownTimeoutMs?: number;
}

export interface OtlpTracing extends CallObserver {
  /** Exports everything queued so far (tests, shutdown). */
  flush(): Promise<void>;
  close(): Promise<void>;
}

const TRACEPARENT = /^[0-9a-f]{2}-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/** The caller's span as the remote parent, so Cairn's span joins the caller's trace. */
function parentContext(traceparent: string | null): Context {
  const match = traceparent ? TRACEPARENT.exec(traceparent.trim()) : null;
  if (!match || /^0+$/.test(match[1]!) || /^0+$/.test(match[2]!)) return ROOT_CONTEXT;
  return trace.setSpanContext(ROOT_CONTEXT, {
    traceId: match[1]!,
    spanId: match[2]!,
    traceFlags: Number.parseInt(match[3]!, 16) & TraceFlags.SAMPLED,
    isRemote: true,
  });
}

/**
 * Exports one span per call over OTLP/HTTP with the OpenTelemetry GenAI attributes. It is a call observer: the
 * span is built from the finished call (start = request time, end = start + duration), so tracing adds nothing
 * to a call while it runs; the SDK's batch processor exports off the request path from a bounded queue.
 * Payloads are never put on spans.
 */
export function createOtlpTracing(options: OtlpTracingOptions): OtlpTracing {
  const exporter = options.exporter ?? new OTLPTraceExporter({ url: `${options.endpoint.replace(/\/+$/, '')}/v1/traces`, headers: options.headers ?? {}, timeoutMillis: 5000 });
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': options.serviceName, 'service.version': options.serviceVersion }),
    spanProcessors: [
      new BatchSpanProcessor(exporter, {
        maxQueueSize: options.maxQueueSize ?? 8192,
        maxExportBatchSize: 512,
        scheduledDelayMillis: options.scheduledDelayMillis ?? 1000,
      }),
    ],
  });
  const tracer: Tracer = provider.getTracer('cairn', options.serviceVersion);
  let failures = 0;
  return {
    observe(observation: CallObservation) {
      const { record } = observation;
      const start = record.request_time;
      const parent = parentContext(observation.traceparent);
      const span: Span = tracer.startSpan(
        genAiSpanName(observation),
        { kind: SpanKind.CLIENT, startTime: start, attributes: genAiSpanAttributes(observation) },
        parent,
      );
      // The inference-table row names the trace it was exported in, also when the caller sent no traceparent.
      if (!record.trace_id) record.trace_id = span.spanContext().traceId;
      if (record.status_code >= 400) span.setStatus({ code: SpanStatusCode.ERROR, message: record.error_code ?? String(record.status_code) });
      span.end(start + record.execution_duration_ms);
    },
    async flush() {
      try {
        await provider.forceFlush();
      } catch (error) {
        failures += 1;
        options.logger.warn({ err: { message: String((error as Error)?.message ?? error) }, failures }, 'OTLP trace export failed');
      }
    },
    async close() {
      // A collector that is down must not hold up shutdown: give the last export a bounded time.
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, options.shutdownTimeoutMs ?? 2000);
        timer.unref();
      });
      await Promise.race([provider.shutdown(), deadline]).finally(() => clearTimeout(timer)).catch((error: unknown) => {
        options.logger.warn({ err: { message: String((error as Error)?.message ?? error) } }, 'OTLP trace exporter did not shut down cleanly');
      });
    },
  };
}
