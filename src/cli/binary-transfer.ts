import { type ApiClient, buildQuery, connectionError, errorFromBody, type QueryValue } from './api-client.js';

/**
 * Byte uploads and downloads (model package archives) over the same settings and error handling as ApiClient's
 * JSON calls.
 */
async function send(client: ApiClient, method: string, path: string, init: { query?: Record<string, QueryValue>; body?: Buffer; accept: string }): Promise<Response> {
  const headers: Record<string, string> = { accept: init.accept, 'user-agent': 'cairn-cli' };
  if (client.settings.token) headers.authorization = `Bearer ${client.settings.token}`;
  if (init.body) headers['content-type'] = 'application/gzip';
  let response: Response;
  try {
    response = await fetch(`${client.settings.host}${path}${buildQuery(init.query)}`, { method, headers, body: init.body });
  } catch (error) {
    throw connectionError(client.settings.host, error);
  }
  if (!response.ok) {
    const text = await response.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    throw errorFromBody(response.status, body, `${client.settings.host} answered HTTP ${response.status}`);
  }
  return response;
}

/** POSTs bytes (application/gzip) and returns the JSON answer. */
export async function uploadBytes(client: ApiClient, path: string, bytes: Buffer): Promise<Record<string, unknown>> {
  const response = await send(client, 'POST', path, { body: bytes, accept: 'application/json' });
  return (await response.json()) as Record<string, unknown>;
}

/** GETs bytes, with the response headers (e.g. x-cairn-package-digest). */
export async function downloadBytes(client: ApiClient, path: string, query: Record<string, QueryValue>): Promise<{ bytes: Buffer; headers: Headers }> {
  const response = await send(client, 'GET', path, { query, accept: 'application/gzip, application/json' });
  return { bytes: Buffer.from(await response.arrayBuffer()), headers: response.headers };
}
