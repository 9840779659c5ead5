import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../src/test-support/test-server.js';

interface OtlpAttribute {
  key: string;
  value: { stringValue?: string; intValue?: string | number; doubleValue?: number; boolValue?: boolean; arrayValue?: { values: Array<{ stringValue?: string }> } };
}
interface OtlpSpan {
  traceId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: OtlpAttribute[];
  status?: { code?: number };
}
interface OtlpExport {
  resourceSpans: Array<{ resource: { attributes: OtlpAttribute[] }; scopeSpans: Array<{ spans: OtlpSpan[] }> }>;
}

/** A local OTLP/HTTP receiver: records every JSON export posted to /v1/traces. */
async function startReceiver(): Promise<{ url: string; exports: OtlpExport[]; contentTypes: string[]; server: Server }> {
  const exports: OtlpExport[] = [];
  const contentTypes: string[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (request.url === '/v1/traces' && request.method === 'POST') {
        contentTypes.push(String(request.headers['content-type']));
        exports.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as OtlpExport);
      }
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, exports, contentTypes, server };
}

function attributeMap(attributes: OtlpAttribute[]): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const { key, value } of attributes) {
    result[key] =
      value.stringValue ?? (value.intValue !== undefined ? Number(value.intValue) : undefined) ?? value.doubleValue ?? value.boolValue ?? value.arrayValue?.values.map((item) => item.stringValue);
  }
  return result;
}

const spansOf = (exports: OtlpExport[]) => exports.flatMap((item) => item.resourceSpans.flatMap((resource) => resource.scopeSpans.flatMap((scope) => scope.spans)));

describe('OTLP/HTTP trace export (CAIRN_OTLP_ENDPOINT)', () => {
  let server: TestServer | undefined;
  let receiver: Awaited<ReturnType<typeof startReceiver>> | undefined;
  afterEach(async () => {
    await server?.close();
    receiver?.server.close();
    server = undefined;
    receiver = undefined;
  });

  it('exports one span per call with the GenAI attributes, joined to the caller trace, and no payloads', async () => {
    receiver = await startReceiver();
    server = await startTestServer({ config: { monitoring: { otlp: { endpoint: receiver.url, service_name: 'cairn-test' } } } });
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const parentSpanId = '00f067aa0ba902b7';
    const secretPrompt = 'my card is 4111 1111 1111 1111 please remember it';
    const ok = await server.request('/v1/chat/completions', {
      method: 'POST',
      headers: { traceparent: `00-${traceId}-${parentSpanId}-01` },
      json: { model: 'demo-chat', messages: [{ role: 'user', content: secretPrompt }], max_tokens: 8, temperature: 0.5 },
    });
    expect(ok.status).toBe(200);
    const requestId = ok.headers.get('x-request-id');
    const failed = await server.request('/v1/chat/completions', { method: 'POST', json: { model: 'demo-chat', messages: 'not a list' } });
    expect(failed.status).toBe(400);
    await server.close(); // shutting down flushes the exporter
    server = undefined;

    const spans = spansOf(receiver.exports);
    expect(receiver.contentTypes.every((type) => type.startsWith('application/json'))).toBe(true);
    const resource = attributeMap(receiver.exports[0]!.resourceSpans[0]!.resource.attributes);
    expect(resource['service.name']).toBe('cairn-test');
    const span = spans.find((candidate) => attributeMap(candidate.attributes)['cairn.request_id'] === requestId);
    expect(span).toBeDefined();
    expect(span!.traceId).toBe(traceId);
    expect(span!.parentSpanId).toBe(parentSpanId);
    expect(span!.name).toBe('chat demo');
    const attributes = attributeMap(span!.attributes);
    expect(attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': expect.any(String),
      'gen_ai.request.model': 'demo',
      'gen_ai.request.max_tokens': 8,
      'gen_ai.request.temperature': 0.5,
      'gen_ai.usage.input_tokens': expect.any(Number),
      'gen_ai.usage.output_tokens': expect.any(Number),
      'http.response.status_code': 200,
      'cairn.endpoint.name': 'demo-chat',
    });
    expect(BigInt(span!.endTimeUnixNano)).toBeGreaterThanOrEqual(BigInt(span!.startTimeUnixNano));
    const failedSpan = spans.find((candidate) => attributeMap(candidate.attributes)['http.response.status_code'] === 400);
    expect(failedSpan?.status?.code).toBe(2); // STATUS_CODE_ERROR
    expect(attributeMap(failedSpan!.attributes)['error.type']).toBeTruthy();
    expect(JSON.stringify(receiver.exports)).not.toContain('4111');
  });

  it('names the exported trace in the inference-table row when the caller sent no traceparent', async () => {
    receiver = await startReceiver();
    server = await startTestServer({ config: { monitoring: { otlp: { endpoint: receiver.url } } } });
    const response = await server.request('/v1/chat/completions', { method: 'POST', json: { model: 'demo-chat', messages: [{ role: 'user', content: 'hello' }], max_tokens: 4 } });
    expect(response.status).toBe(200);
    const requestId = response.headers.get('x-request-id')!;
    await server.app.services.capture.flush();
    const row = await server.app.services.capture.get(requestId);
    expect(row?.trace_id).toMatch(/^[0-9a-f]{32}$/);
    await server.close();
    server = undefined;
    const span = spansOf(receiver.exports).find((candidate) => attributeMap(candidate.attributes)['cairn.request_id'] === requestId);
    expect(span?.traceId).toBe(row?.trace_id);
  });

  it('keeps serving when the collector is down', async () => {
    server = await startTestServer({ config: { monitoring: { otlp: { endpoint: 'http://127.0.0.1:9' } } } });
    for (let index = 0; index < 3; index++) {
      const response = await server.request('/v1/chat/completions', { method: 'POST', json: { model: 'demo-chat', messages: [{ role: 'user', content: 'hi' }], max_tokens: 2 } });
      expect(response.status).toBe(200);
    }
  });
});
