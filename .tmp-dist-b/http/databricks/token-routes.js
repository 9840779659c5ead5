import { z } from 'zod';
import { MAX_TOKEN_LIFETIME_SECONDS, requireAdmin } from '../../auth/index.js';
import { errors } from '../../errors/index.js';
import { defineRoute } from '../route.js';
const lifetimeSeconds = z.number().int().min(0).max(MAX_TOKEN_LIFETIME_SECONDS).optional();
const comment = z.string().max(1000).optional();
// Strict: a client cannot smuggle `owner_id`, `created_by` or the like into a token (SEC API3).
const createBody = z.object({ comment, lifetime_seconds: lifetimeSeconds }).strict();
const deleteBody = z.object({ token_id: z.string().min(1).max(200) }).strict();
const onBehalfOfBody = z.object({ application_id: z.string().min(1).max(256), comment, lifetime_seconds: lifetimeSeconds }).strict();
const managementListBody = z.object({
    created_by_id: z.string().max(200).optional(),
    created_by_username: z.string().max(256).optional(),
});
const tokenIdParams = z.object({ token_id: z.string().min(1).max(200) });
const tokenInfoSchema = z.object({
    token_id: z.string(),
    creation_time: z.number(),
    expiry_time: z.number().describe('-1 when the token never expires'),
    comment: z.string(),
});
const managedTokenInfoSchema = tokenInfoSchema.extend({
    owner_id: z.string(),
    created_by_id: z.string().nullable(),
    created_by_username: z.string().nullable(),
});
function tokenInfoWire(info) {
    return { token_id: info.id, creation_time: info.createdAt, expiry_time: info.expiresAt ?? -1, comment: info.comment };
}
function managedTokenInfoWire(info, principalsById) {
    return {
        ...tokenInfoWire(info),
        owner_id: info.principalId,
        created_by_id: info.createdBy,
        created_by_username: info.createdBy === null ? null : (principalsById.get(info.createdBy)?.name ?? null),
    };
}
/** Databricks' `/api/2.0/token/*` (own tokens) and `/api/2.0/token-management/*` (admins, any principal's tokens). */
export function tokenRoutes(services) {
    const { auth } = services;
    const principalsById = async () => new Map((await auth.principals.list()).map((record) => [record.id, record]));
    return [
        defineRoute({
            method: 'POST',
            path: '/api/2.0/token/create',
            summary: 'Create a token for the caller; the value is returned once and stored only as a hash.',
            tag: 'tokens',
            body: createBody,
            response: z.object({ token_value: z.string(), token_info: tokenInfoSchema }),
            handler: async ({ principal, body }) => {
                const created = await auth.tokens.create(principal.id, {
                    comment: body.comment,
                    lifetimeSeconds: body.lifetime_seconds,
                    createdBy: principal.id,
                });
                return { token_value: created.value, token_info: tokenInfoWire(created.info) };
            },
        }),
        defineRoute({
            method: 'GET',
            path: '/api/2.0/token/list',
            summary: "List the caller's live tokens.",
            tag: 'tokens',
            response: z.object({ token_infos: z.array(tokenInfoSchema) }),
            handler: async ({ principal }) => ({ token_infos: (await auth.tokens.list({ principalId: principal.id })).map(tokenInfoWire) }),
        }),
        defineRoute({
            method: 'POST',
            path: '/api/2.0/token/delete',
            summary: "Revoke one of the caller's tokens.",
            tag: 'tokens',
            body: deleteBody,
            handler: async ({ principal, body }) => {
                const info = await auth.tokens.get(body.token_id);
                // Someone else's token id reads as unknown: the route must not confirm it exists.
                if (info.principalId !== principal.id)
                    throw errors.notFound(`Token ${body.token_id} does not exist.`);
                await auth.tokens.revoke(info.id, principal.id);
                return {};
            },
        }),
        defineRoute({
            method: 'POST',
            path: '/api/2.0/token-management/on-behalf-of/tokens',
            summary: 'Admin: create a token for a service principal (by application id) or, as a Cairn extension, a user (by user name).',
            tag: 'tokens',
            body: onBehalfOfBody,
            response: z.object({ token_value: z.string(), token_info: managedTokenInfoSchema }),
            handler: async ({ principal, body }) => {
                requireAdmin(principal);
                // Cairn extension: users have no other way to log in, so an admin may also mint a user's token
                // by user name. Service principals win when both namespaces hold the name.
                const owner = (await auth.principals.findByName('service_principal', body.application_id)) ??
                    (await auth.principals.findByName('user', body.application_id));
                if (!owner)
                    throw errors.invalid(`Service principal ${body.application_id} does not exist.`);
                const created = await auth.tokens.create(owner.id, {
                    comment: body.comment,
                    lifetimeSeconds: body.lifetime_seconds,
                    createdBy: principal.id,
                });
                return { token_value: created.value, token_info: managedTokenInfoWire(created.info, await principalsById()) };
            },
        }),
        defineRoute({
            method: 'GET',
            path: '/api/2.0/token-management/tokens',
            summary: "Admin: list every principal's live tokens, optionally by creator.",
            tag: 'tokens',
            body: managementListBody,
            response: z.object({ token_infos: z.array(managedTokenInfoSchema) }),
            handler: async ({ principal, body }) => {
                requireAdmin(principal);
                const byId = await principalsById();
                let createdBy = body.created_by_id;
                if (body.created_by_username !== undefined) {
                    const creator = [...byId.values()].find((record) => record.kind !== 'group' && record.name === body.created_by_username);
                    if (!creator || (createdBy !== undefined && createdBy !== creator.id))
                        return { token_infos: [] };
                    createdBy = creator.id;
                }
                const infos = await auth.tokens.list(createdBy === undefined ? {} : { createdBy });
                return { token_infos: infos.map((info) => managedTokenInfoWire(info, byId)) };
            },
        }),
        defineRoute({
            method: 'GET',
            path: '/api/2.0/token-management/tokens/:token_id',
            summary: 'Admin: get one token.',
            tag: 'tokens',
            params: tokenIdParams,
            response: z.object({ token_info: managedTokenInfoSchema }),
            handler: async ({ principal, params }) => {
                requireAdmin(principal);
                return { token_info: managedTokenInfoWire(await auth.tokens.get(params.token_id), await principalsById()) };
            },
        }),
        defineRoute({
            method: 'DELETE',
            path: '/api/2.0/token-management/tokens/:token_id',
            summary: 'Admin: revoke any token.',
            tag: 'tokens',
            params: tokenIdParams,
            handler: async ({ principal, params }) => {
                requireAdmin(principal);
                await auth.tokens.revoke(params.token_id, principal.id);
                return {};
            },
        }),
    ];
}
//# sourceMappingURL=token-routes.js.map