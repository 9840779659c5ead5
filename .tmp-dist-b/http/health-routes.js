import { sql } from 'kysely';
import { z } from 'zod';
import { CairnError } from '../errors/index.js';
import { defineRoute } from './route.js';
export function healthRoutes(services, openApiDocument) {
    let cachedDocument;
    return [
        defineRoute({
            method: 'GET',
            path: '/health',
            summary: 'Liveness: the process is up.',
            tag: 'health',
            auth: 'none',
            response: z.object({ status: z.literal('ok') }),
            handler: () => ({ status: 'ok' }),
        }),
        defineRoute({
            method: 'GET',
            path: '/health/ready',
            summary: 'Readiness: storage answers.',
            tag: 'health',
            auth: 'none',
            response: z.object({ status: z.literal('ready') }),
            handler: async () => {
                try {
                    await sql `select 1`.execute(services.storage.db);
                }
                catch {
                    throw new CairnError('TEMPORARILY_UNAVAILABLE', 'Storage is not answering.');
                }
                return { status: 'ready' };
            },
        }),
        defineRoute({
            method: 'GET',
            path: '/openapi.json',
            summary: 'This OpenAPI document.',
            tag: 'meta',
            handler: () => (cachedDocument ??= openApiDocument()),
        }),
    ];
}
//# sourceMappingURL=health-routes.js.map