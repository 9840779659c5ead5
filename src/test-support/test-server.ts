import pino, { type Logger } from 'pino';
import { createApp, type CairnApp } from '../app.js';
import { configFrom, type CairnConfigInput } from '../config/index.js';
import type { DialectName } from '../storage/index.js';
import { createTestDatabase, type TestDatabase } from '../storage/test-support/test-databases.js';

/** The fixed bootstrap admin token every test server starts with. */
export const TEST_ADMIN_TOKEN = 'cairn-test-admin-token-0123456789abcdef0123456789';

export interface TestServer {
  app: CairnApp;
  url: string;
  adminToken: string;
  database: TestDatabase;
  /** fetch against the server with the admin token unless `token` is given (`null` sends none). */
  request(path: string, init?: RequestInit & { token?: string | null; json?: unknown }): Promise<Response>;
  close(): Promise<void>;
}

/** Starts a real Cairn on 127.0.0.1, port 0, on a fresh database of the given dialect. */
export async function startTestServer(
  options: { dialect?: DialectName; config?: CairnConfigInput; database?: TestDatabase; logger?: Logger } = {},
): Promise<TestServer> {
  const database = options.database ?? (await createTestDatabase(options.dialect ?? 'sqlite'));
  const config = configFrom({
    data_dir: database.dataDir,
    database_url: database.url,
    admin_token: TEST_ADMIN_TOKEN,
    cache_refresh_ms: 100,
    ...options.config,
    server: { host: '127.0.0.1', port: 0, ...options.config?.server },
    logging: { level: process.env.CAIRN_TEST_LOG_LEVEL ?? 'silent', ...options.config?.logging } as CairnConfigInput['logging'],
  });
  const app = await createApp(config, { logger: options.logger ?? pino({ level: config.logging.level }) });
  const url = await app.listen();
  return {
    app,
    url,
    adminToken: TEST_ADMIN_TOKEN,
    database,
    request(path, init = {}) {
      const { token = TEST_ADMIN_TOKEN, json, ...rest } = init;
      const headers = new Headers(rest.headers);
      if (token !== null) headers.set('authorization', `Bearer ${token}`);
      if (json !== undefined) headers.set('content-type', 'application/json');
      return fetch(`${url}${path}`, { ...rest, headers, body: json !== undefined ? JSON.stringify(json) : rest.body });
    },
    async close() {
      await app.close();
      if (!options.database) await database.cleanup();
    },
  };
}
