import { DEFAULT_FAKE_REPLY } from '../src/providers/test-support/fake-openai-upstream.js';

/** Polls `check` every 100 ms until it is true; throws after `timeoutMs`. */
export async function waitFor(what: string, timeoutMs: number, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

export interface BenchEndpointOptions {
  cairnUrl: string;
  adminToken: string;
  endpoint: string;
  upstreamUrl: string;
  upstreamModel: string;
  upstreamApiKey: string;
}

/** Creates the external-model endpoint through Cairn's HTTP API, as a user would, and waits until it is ready. */
export async function createBenchEndpoint(options: BenchEndpointOptions): Promise<void> {
  const headers = { authorization: `Bearer ${options.adminToken}`, 'content-type': 'application/json' };
  const created = await fetch(`${options.cairnUrl}/api/2.0/serving-endpoints`, {
    method: 'POST',
    headers,
    body: JSON.stringify({
      name: options.endpoint,
      config: {
        served_entities: [
          {
            name: 'fake-upstream',
            external_model: {
              name: options.upstreamModel,
              provider: 'openai',
              task: 'llm/v1/chat',
              openai_config: { openai_api_base: options.upstreamUrl, openai_api_key_plaintext: options.upstreamApiKey },
            },
          },
        ],
      },
    }),
    signal: AbortSignal.timeout(10_000),
  });
  if (created.status !== 200) throw new Error(`creating endpoint ${options.endpoint}: ${created.status} ${await created.text()}`);
  await waitFor(`endpoint ${options.endpoint} to be READY`, 15_000, async () => {
    const response = await fetch(`${options.cairnUrl}/api/2.0/serving-endpoints/${options.endpoint}`, { headers, signal: AbortSignal.timeout(5000) });
    const body = (await response.json()) as { state?: { ready?: string } };
    return body.state?.ready === 'READY';
  });
}

/** One query before the load, so a misconfigured target fails loudly instead of benchmarking its error page. */
export async function checkTarget(url: string, headers: Record<string, string>, body: string, stream: boolean): Promise<void> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body, signal: AbortSignal.timeout(10_000) });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`${url} answered ${response.status}: ${text.slice(0, 300)}`);
  if (stream) {
    if (!response.headers.get('content-type')?.startsWith('text/event-stream') || !text.trimEnd().endsWith('data: [DONE]')) {
      throw new Error(`${url} did not stream SSE ending in [DONE]: ${text.slice(0, 300)}`);
    }
    const firstWord = DEFAULT_FAKE_REPLY.split(' ')[0]!;
    if (!text.includes(firstWord)) throw new Error(`${url} streamed no reply text: ${text.slice(0, 300)}`);
  } else {
    const reply = JSON.parse(text) as { choices?: Array<{ message?: { content?: string } }> };
    if (reply.choices?.[0]?.message?.content !== DEFAULT_FAKE_REPLY) throw new Error(`${url} answered an unexpected body: ${text.slice(0, 300)}`);
  }
}

/** Sets an endpoint's ai-gateway config through the HTTP API (`PUT …/ai-gateway`), as a user would. */
export async function putAiGateway(cairnUrl: string, adminToken: string, endpoint: string, config: unknown): Promise<void> {
  const response = await fetch(`${cairnUrl}/api/2.0/serving-endpoints/${endpoint}/ai-gateway`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify(config),
    signal: AbortSignal.timeout(10_000),
  });
  if (response.status !== 200) throw new Error(`PUT ai-gateway of ${endpoint}: ${response.status} ${await response.text()}`);
}

/**
 * Proves the policies are in force before they are measured (a config that silently did not apply would measure
 * nothing): a benign call carries rate-limit headers, a call naming an invalid keyword is refused by the guardrail.
 */
export async function checkPoliciesActive(url: string, headers: Record<string, string>, benignBody: string, blockedBody: string): Promise<void> {
  await waitFor('the ai-gateway policies to apply', 10_000, async () => {
    const benign = await fetch(url, { method: 'POST', headers, body: benignBody, signal: AbortSignal.timeout(10_000) });
    await benign.arrayBuffer();
    return benign.status === 200 && benign.headers.get('x-ratelimit-limit-requests') !== null;
  });
  const blocked = await fetch(url, { method: 'POST', headers, body: blockedBody, signal: AbortSignal.timeout(10_000) });
  const text = await blocked.text();
  if (blocked.status !== 400 || !text.includes('invalid_keywords')) throw new Error(`${url}: a prompt with an invalid keyword answered ${blocked.status}: ${text.slice(0, 300)}`);
}
