import { createServer } from 'node:net';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ApiClient, ApiError, buildQuery, DEFAULT_HOST, errorFromBody, normalizeHost, resolveClientSettings, SseDataReader } from './api-client.js';
import { CliError } from './cli-error.js';

describe('resolveClientSettings', () => {
  const noFile = () => undefined;

  it('uses CAIRN_HOST and CAIRN_TOKEN, and the flags over them', () => {
    const env = { CAIRN_HOST: 'http://cairn.internal:9000/', CAIRN_TOKEN: 'from-env' };
    expect(resolveClientSettings({}, env, noFile)).toEqual({ host: 'http://cairn.internal:9000', token: 'from-env' });
    expect(resolveClientSettings({ host: 'https://other', token: 'from-flag' }, env, noFile)).toEqual({ host: 'https://other', token: 'from-flag' });
  });

  it('defaults to the local server and falls back to the admin token a local `cairn serve` saved', () => {
    const read: string[] = [];
    const settings = resolveClientSettings({}, {}, (file) => {
      read.push(file);
      return 'saved-admin-token';
    });
    expect(settings).toEqual({ host: DEFAULT_HOST, token: 'saved-admin-token' });
    expect(read).toEqual(['.cairn/admin-token']);
    resolveClientSettings({}, { CAIRN_DATA_DIR: '/var/lib/cairn' }, (file) => void read.push(file));
    expect(read.at(-1)).toBe('/var/lib/cairn/admin-token');
  });

  it('never reads the token file when a token is given, and sends none when there is nothing', () => {
    const readFile = () => {
      throw new Error('must not be read');
    };
    expect(resolveClientSettings({ token: 't' }, {}, readFile).token).toBe('t');
    expect(resolveClientSettings({}, { CAIRN_TOKEN: 'e' }, readFile).token).toBe('e');
    expect(resolveClientSettings({}, {}, noFile).token).toBeUndefined();
  });

  it('accepts a host without a scheme and rejects what is not an http(s) URL (usage error, exit 2)', () => {
    expect(normalizeHost('localhost:8080')).toBe('http://localhost:8080');
    expect(normalizeHost('https://gw.example.com/cairn/')).toBe('https://gw.example.com/cairn');
    for (const bad of ['ftp://host', 'http://', '::::']) {
      expect(() => normalizeHost(bad)).toThrow(CliError);
      try {
        normalizeHost(bad);
      } catch (error) {
        expect((error as CliError).exitCode).toBe(2);
      }
    }
  });
});

describe('errorFromBody', () => {
  it("reports the server's message and error_code from the API and OpenAI error shapes", () => {
    const api = errorFromBody(404, { error_code: 'RESOURCE_DOES_NOT_EXIST', message: 'Serving endpoint x does not exist.' }, 'fallback');
    expect(api.message).toBe('Serving endpoint x does not exist. (RESOURCE_DOES_NOT_EXIST)');
    expect([api.status, api.errorCode, api.exitCode]).toEqual([404, 'RESOURCE_DOES_NOT_EXIST', 1]);
    const streamed = errorFromBody(200, { error: { error_code: 'UPSTREAM_ERROR', message: 'upstream dropped' } }, 'fallback');
    expect(streamed.message).toBe('upstream dropped (UPSTREAM_ERROR)');
    const openAi = errorFromBody(429, { error: { message: 'slow down', type: 'rate_limit_error', code: 'REQUEST_LIMIT_EXCEEDED' } }, 'fallback');
    expect(openAi.message).toBe('slow down (REQUEST_LIMIT_EXCEEDED)');
  });

  it('falls back to the HTTP status when a proxy answers without a Cairn body', () => {
    expect(errorFromBody(502, undefined, 'http://h answered HTTP 502 Bad Gateway').message).toBe('http://h answered HTTP 502 Bad Gateway');
  });
});

describe('buildQuery', () => {
  it('repeats keys for lists and leaves out undefined values', () => {
    expect(buildQuery({ name: 'a b', stages: ['Staging', 'Production'], missing: undefined, max_results: 5 })).toBe(
      '?name=a+b&stages=Staging&stages=Production&max_results=5',
    );
    expect(buildQuery({})).toBe('');
  });

  it('round-trips any text values through the query string', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ minLength: 1 }), fc.string()), (query) => {
        const parsed = new URLSearchParams(buildQuery(query).slice(1));
        expect(Object.fromEntries(parsed)).toEqual(query);
      }),
    );
  });
});

describe('SseDataReader', () => {
  it('yields the same data payloads however the stream is split into chunks', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: 'grapheme' }).map((text) => text.replace(/[\r\n]/g, ' ')), { maxLength: 6 }),
        fc.array(fc.nat(), { maxLength: 8 }),
        fc.constantFrom('\n', '\r\n'),
        (payloads, cuts, newline) => {
          const wire = payloads.map((data) => `data: ${data}${newline}${newline}`).join(`: comment${newline}`);
          const positions = [...new Set(cuts.map((cut) => cut % (wire.length + 1)))].sort((a, b) => a - b);
          const reader = new SseDataReader();
          const seen: string[] = [];
          let start = 0;
          for (const position of [...positions, wire.length]) {
            seen.push(...reader.push(wire.slice(start, position)));
            start = position;
          }
          expect(seen).toEqual(payloads);
        },
      ),
    );
  });

  it('joins multi-line data with newlines and ignores other fields', () => {
    const reader = new SseDataReader();
    expect(reader.push('event: message\nid: 1\ndata: {"a":\ndata: 1}\n\ndata: [DONE]\n\n')).toEqual(['{"a":\n1}', '[DONE]']);
  });
});

describe('ApiClient', () => {
  it('names the host when nothing listens there', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port: free } = probe.address() as { port: number };
        probe.close(() => resolve(free));
      });
    });
    const host = `http://127.0.0.1:${port}`;
    const failure = await new ApiClient({ host, token: 't' }).get('/api/2.0/serving-endpoints').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(CliError);
    expect((failure as CliError).message).toBe(`cannot connect to Cairn at ${host}: connection refused. Is the server running? Set CAIRN_HOST or --host.`);
    expect(failure).not.toBeInstanceOf(ApiError);
  });
});
