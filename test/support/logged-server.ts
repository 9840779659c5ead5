import { Writable } from 'node:stream';
import pino from 'pino';
import { startTestServer, type TestServer } from '../../src/test-support/test-server.js';

export interface LoggedServer extends TestServer {
  /** Every log line the server wrote, at debug level and without redaction: stricter than production. */
  readonly logLines: string[];
}

/**
 * Like `startTestServer` (SQLite, port 0, the fixed admin token) but with the server's logs kept in memory,
 * so tests can check that no secret ever reaches a log line.
 */
export async function startLoggedServer(): Promise<LoggedServer> {
  const logLines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      logLines.push(String(chunk));
      done();
    },
  });
  const server = await startTestServer({ logger: pino({ level: 'debug' }, sink), config: { logging: { level: 'debug' } } });
  return Object.assign(server, { logLines });
}
