import { Writable } from 'node:stream';
import pino from 'pino';
import { createApp } from '../../src/app.js';
import { configFrom } from '../../src/config/index.js';
import { createTestDatabase } from '../../src/storage/test-support/test-databases.js';
import { TEST_ADMIN_TOKEN, type TestServer } from '../../src/test-support/test-server.js';

export interface LoggedServer extends TestServer {
  /** Every log line the server wrote, at debug level and without redaction: stricter than production. */
  readonly logLines: string[];
}

/**
 * Like `startTestServer` (SQLite, port 0, the fixed admin token) but with the server's logs kept in memory,
 * so tests can check that no secret ever reaches a log line.
 */
export async function startLoggedServer(): Promise<LoggedServer> {
  const database = await createTestDatabase('sqlite');
  const logLines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      logLines.push(String(chunk));
      done();
    },
  });
  const config = configFrom({
    data_dir: database.dataDir,
    database_url: database.url,
    admin_token: TEST_ADMIN_TOKEN,
    cache_refresh_ms: 100,
    server: { host: '127.0.0.1', port: 0 },
    logging: { level: 'debug' },
  });
  const app = await createApp(config, { logger: pino({ level: 'debug' }, sink) });
  const url = await app.listen();
  return {
    app,
    url,
    adminToken: TEST_ADMIN_TOKEN,
    database,
    logLines,
    request(path, init = {}) {
      const { token = TEST_ADMIN_TOKEN, json, ...rest } = init;
      const headers = new Headers(rest.headers);
      if (token !== null) headers.set('authorization', `Bearer ${token}`);
      if (json !== undefined) headers.set('content-type', 'application/json');
      return fetch(`${url}${path}`, { ...rest, headers, body: json !== undefined ? JSON.stringify(json) : rest.body });
    },
    async close() {
      await app.close();
      await database.cleanup();
    },
  };
}
