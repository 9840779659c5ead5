import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, TraceFlags } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { genAiSpanAttributes, genAiSpanName } from './gen-ai-attributes.js';
const TRACEPARENT = /^[0-9a-f]{2}-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;
/** The caller's span as the remote parent, so Cairn's span joins the caller's trace. */
function parentContext(traceparent) {
    const match = traceparent ? TRACEPARENT.exec(traceparent.trim()) : null;
    if (!match || /^0+$/.test(match[1]) || /^0+$/.test(match[2]))
        return ROOT_CONTEXT;
    return trace.setSpanContext(ROOT_CONTEXT, {
        traceId: match[1],
        spanId: match[2],
        traceFlags: Number.parseInt(match[3], 16) & TraceFlags.SAMPLED,
        isRemote: true,
    });
}
/**
 * Exports one span per call over OTLP/HTTP with the OpenTelemetry GenAI attributes. It is a call observer: the
 * span is built from the finished call (start = request time, end = start + duration), so tracing adds nothing
 * to a call while it runs; the SDK's batch processor exports off the request path from a bounded queue.
 * Payloads are never put on spans.
 */
export function createOtlpTracing(options) {
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
    const tracer = provider.getTracer('cairn', options.serviceVersion);
    let failures = 0;
    return {
        observe(observation) {
            const { record } = observation;
            const start = record.request_time;
            const parent = parentContext(observation.traceparent);
            const span = tracer.startSpan(genAiSpanName(observation), { kind: SpanKind.CLIENT, startTime: start, attributes: genAiSpanAttributes(observation) }, parent);
            // The inference-table row names the trace it was exported in, also when the caller sent no traceparent.
            if (!record.trace_id)
                record.trace_id = span.spanContext().traceId;
            if (record.status_code >= 400)
                span.setStatus({ code: SpanStatusCode.ERROR, message: record.error_code ?? String(record.status_code) });
            span.end(start + record.execution_duration_ms);
        },
        async flush() {
            try {
                await provider.forceFlush();
            }
            catch (error) {
                failures += 1;
                options.logger.warn({ err: { message: String(error?.message ?? error) }, failures }, 'OTLP trace export failed');
            }
        },
        async close() {
            // A collector that is down must not hold up shutdown: give the last export a bounded time.
            let timer;
            const deadline = new Promise((resolve) => {
                timer = setTimeout(resolve, options.shutdownTimeoutMs ?? 2000);
                timer.unref();
            });
            await Promise.race([provider.shutdown(), deadline]).finally(() => clearTimeout(timer)).catch((error) => {
                options.logger.warn({ err: { message: String(error?.message ?? error) } }, 'OTLP trace exporter did not shut down cleanly');
            });
        },
    };
}
//# sourceMappingURL=otlp-tracing.js.map