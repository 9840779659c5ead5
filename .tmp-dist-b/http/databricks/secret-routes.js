import { z } from 'zod';
import { requireAdmin } from '../../auth/index.js';
import { errors } from '../../errors/index.js';
import { defineRoute } from '../route.js';
// Databricks' naming rules for scopes and keys.
const scopeName = z.string().regex(/^[A-Za-z0-9_.@-]{1,128}$/, 'use 1-128 letters, digits, dashes, underscores, periods or @');
const keyName = z.string().regex(/^[A-Za-z0-9_.-]{1,128}$/, 'use 1-128 letters, digits, dashes, underscores or periods');
const MAX_SECRET_BYTES = 128 * 1024;
const createScopeBody = z
    .object({
    scope: scopeName,
    initial_manage_principal: z.string().max(256).optional(),
    scope_backend_type: z.literal('DATABRICKS').optional(),
})
    .strict();
const scopeBody = z.object({ scope: scopeName }).strict();
const putBody = z
    .object({
    scope: scopeName,
    key: keyName,
    string_value: z.string().optional(),
    bytes_value: z.string().optional(),
})
    .strict();
const keyBody = z.object({ scope: scopeName, key: keyName }).strict();
const listBody = z.object({ scope: scopeName });
/** Databricks' `/api/2.0/secrets/*`, admins only. Values go in and never come back out. */
export function secretRoutes(services) {
    const { secrets } = services;
    return [
        defineRoute({
            method: 'POST',
            path: '/api/2.0/secrets/scopes/create',
            summary: 'Admin: create a secret scope.',
            tag: 'secrets',
            body: createScopeBody,
            handler: async ({ principal, body }) => {
                requireAdmin(principal);
                await secrets.createScope(body.scope);
                return {};
            },
        }),
        defineRoute({
            method: 'POST',
            path: '/api/2.0/secrets/scopes/delete',
            summary: 'Admin: delete a secret scope and every secret in it.',
            tag: 'secrets',
            body: scopeBody,
            handler: async ({ principal, body }) => {
                requireAdmin(principal);
                await secrets.deleteScope(body.scope);
                return {};
            },
        }),
        defineRoute({
            method: 'GET',
            path: '/api/2.0/secrets/scopes/list',
            summary: 'Admin: list secret scopes.',
            tag: 'secrets',
            response: z.object({ scopes: z.array(z.object({ name: z.string(), backend_type: z.literal('DATABRICKS') })) }),
            handler: async ({ principal }) => {
                requireAdmin(principal);
                return { scopes: (await secrets.listScopes()).map((name) => ({ name, backend_type: 'DATABRICKS' })) };
            },
        }),
        defineRoute({
            method: 'POST',
            path: '/api/2.0/secrets/put',
            summary: 'Admin: store a secret (encrypted at rest; never returned).',
            tag: 'secrets',
            body: putBody,
            handler: async ({ principal, body }) => {
                requireAdmin(principal);
                if (body.bytes_value !== undefined)
                    throw errors.invalid('bytes_value is not supported; send string_value.');
                if (body.string_value === undefined)
                    throw errors.invalid('string_value is required.');
                if (Buffer.byteLength(body.string_value, 'utf8') > MAX_SECRET_BYTES)
                    throw errors.invalid('A secret value may be at most 128 KiB.');
                if (!(await secrets.hasScope(body.scope)))
                    throw errors.notFound(`Secret scope ${body.scope} does not exist.`);
                await secrets.put(body.scope, body.key, body.string_value);
                return {};
            },
        }),
        defineRoute({
            method: 'GET',
            path: '/api/2.0/secrets/list',
            summary: 'Admin: list the keys in a scope, with their last update time (never values).',
            tag: 'secrets',
            body: listBody,
            response: z.object({ secrets: z.array(z.object({ key: z.string(), last_updated_timestamp: z.number() })) }),
            handler: async ({ principal, body }) => {
                requireAdmin(principal);
                return { secrets: await secrets.list(body.scope) };
            },
        }),
        defineRoute({
            method: 'POST',
            path: '/api/2.0/secrets/delete',
            summary: 'Admin: delete a secret.',
            tag: 'secrets',
            body: keyBody,
            handler: async ({ principal, body }) => {
                requireAdmin(principal);
                await secrets.delete(body.scope, body.key);
                return {};
            },
        }),
    ];
}
//# sourceMappingURL=secret-routes.js.map