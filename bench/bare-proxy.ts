import { type IncomingHttpHeaders, type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pipeline } from 'node:stream/promises';
import { Pool } from 'undici';

/**
 * The floor: the least any reverse proxy in Node does for a chat completion — accept the request,
 * forward it on a keep-alive undici pool (unbounded connections, like Cairn's upstream pool), and stream
 * both bodies through without parsing them. No auth, no routing, no logging, no capture.
 */

// Hop-by-hop headers (RFC 9110 §7.6.1) are never forwarded; `host` is the upstream's own.
const hopByHop = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade', 'host']);

function forwardable(headers: IncomingHttpHeaders | Record<string, string | string[] | undefined>): Record<string, string | string[]> {
  const result: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !hopByHop.has(name.toLowerCase())) result[name] = value;
  }
  return result;
}

export interface BareProxy {
  url: string;
  close(): Promise<void>;
}

export async function startBareProxy(options: { upstreamOrigin: string; upstreamApiKey: string; port?: number }): Promise<BareProxy> {
  const pool = new Pool(options.upstreamOrigin, { headersTimeout: 60_000, bodyTimeout: 60_000 });

  const server: Server = createServer((request, response) => {
    if (request.method !== 'POST' || request.url !== '/v1/chat/completions') {
      response.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"message":"not found"}}');
      return;
    }
    const abort = new AbortController();
    response.on('close', () => {
      if (!response.writableFinished) abort.abort();
    });
    const headers = forwardable(request.headers);
    headers.authorization = `Bearer ${options.upstreamApiKey}`;
    pool
      .request({ method: 'POST', path: request.url, headers, body: request, signal: abort.signal })
      .then(async (upstream) => {
        response.writeHead(upstream.statusCode, forwardable(upstream.headers));
        await pipeline(upstream.body, response);
      })
      .catch(() => {
        if (!response.headersSent) response.writeHead(502, { 'content-type': 'application/json' }).end('{"error":{"message":"bad gateway"}}');
        else response.destroy();
      });
  });
  server.keepAliveTimeout = 65_000;

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await pool.close();
    },
  };
}
