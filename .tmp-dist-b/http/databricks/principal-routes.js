import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { requireAdmin } from '../../auth/index.js';
import { errors } from '../../errors/index.js';
import { defineRoute } from '../route.js';
import { ADMIN_ROLE, listQuerySchema, patchBodySchema, planPatch, principalNameSchema, scimList, scimResource, valueListSchema, } from './scim-resources.js';
const SCIM_BASE = '/api/2.0/preview/scim/v2';
const idParams = z.object({ id: z.string().min(1).max(200) });
const rolesSchema = valueListSchema.refine((roles) => roles.every((role) => role.value === ADMIN_ROLE), `the only role is ${ADMIN_ROLE}`);
const isAdminRole = (roles) => (roles ?? []).some((role) => role.value === ADMIN_ROLE);
// Not strict: SCIM clients send `schemas`, `entitlements`, `emails`, `externalId`…; anything not listed here
// (including `id`) is dropped, never applied.
const userBody = z.object({
    userName: principalNameSchema,
    displayName: principalNameSchema.optional(),
    active: z.boolean().optional(),
    roles: rolesSchema.optional(),
    groups: valueListSchema.optional(),
});
const servicePrincipalBody = z.object({
    applicationId: principalNameSchema.optional(),
    displayName: principalNameSchema.optional(),
    active: z.boolean().optional(),
    roles: rolesSchema.optional(),
    groups: valueListSchema.optional(),
});
const groupBody = z.object({
    displayName: principalNameSchema,
    members: valueListSchema.optional(),
    roles: rolesSchema.optional(),
    groups: valueListSchema.optional(),
});
const resourceSchema = z.object({ schemas: z.array(z.string()), id: z.string() }).passthrough();
const listResponseSchema = z.object({
    schemas: z.array(z.string()),
    totalResults: z.number(),
    startIndex: z.number(),
    itemsPerPage: z.number(),
    Resources: z.array(resourceSchema),
});
/** Checks references before creating anything, so a bad id does not leave a half-made principal. */
async function requireReferences(auth, groupIds, memberIds) {
    for (const groupId of groupIds) {
        const group = await auth.principals.get(groupId).catch(() => undefined);
        if (!group || group.kind !== 'group')
            throw errors.invalid(`Group ${groupId} does not exist.`);
    }
    for (const memberId of memberIds) {
        if (!(await auth.principals.get(memberId).catch(() => undefined)))
            throw errors.invalid(`Member ${memberId} does not exist.`);
    }
}
function resourceRoutes(services, spec) {
    const { kind, resource, label, body, toInput } = spec;
    const { auth } = services;
    const base = `${SCIM_BASE}/${resource}`;
    return [
        defineRoute({
            method: 'POST',
            path: base,
            summary: `Admin: create a ${label}.`,
            tag: 'scim',
            body,
            response: resourceSchema,
            handler: async ({ principal, body: parsed, reply }) => {
                requireAdmin(principal);
                const input = toInput(parsed);
                await requireReferences(auth, input.groupIds, input.memberIds);
                const record = await auth.principals.create({ kind, name: input.name, displayName: input.displayName, active: input.active, isAdmin: input.isAdmin }, principal.id);
                for (const groupId of input.groupIds)
                    await auth.principals.addMembers(groupId, [record.id], principal.id);
                if (input.memberIds.length > 0)
                    await auth.principals.addMembers(record.id, input.memberIds, principal.id);
                reply.status(201);
                return scimResource(auth, record);
            },
        }),
        defineRoute({
            method: 'GET',
            path: base,
            summary: `Admin: list ${label}s (SCIM filter \`attr eq "value"\`, startIndex, count ≤ 1000).`,
            tag: 'scim',
            body: listQuerySchema,
            response: listResponseSchema,
            handler: ({ principal, body: query }) => {
                requireAdmin(principal);
                return scimList(auth, kind, query);
            },
        }),
        defineRoute({
            method: 'GET',
            path: `${base}/:id`,
            summary: `Admin: get a ${label}.`,
            tag: 'scim',
            params: idParams,
            response: resourceSchema,
            handler: async ({ principal, params }) => {
                requireAdmin(principal);
                return scimResource(auth, await auth.principals.get(params.id, kind));
            },
        }),
        defineRoute({
            method: 'PATCH',
            path: `${base}/:id`,
            summary: `Admin: change a ${label} with SCIM PatchOp operations.`,
            tag: 'scim',
            params: idParams,
            body: patchBodySchema,
            response: resourceSchema,
            handler: async ({ principal, params, body: patch }) => {
                requireAdmin(principal);
                const record = await auth.principals.get(params.id, kind);
                const plan = planPatch(kind, patch.Operations);
                if (Object.keys(plan.patch).length > 0)
                    await auth.principals.update(record.id, plan.patch, principal.id);
                if (plan.replaceMembers) {
                    const wanted = new Set(plan.replaceMembers);
                    const current = (await auth.principals.members(record.id)).map((member) => member.id);
                    await auth.principals.removeMembers(record.id, current.filter((id) => !wanted.has(id)), principal.id);
                    await auth.principals.addMembers(record.id, [...wanted], principal.id);
                }
                if (plan.addMembers.length > 0)
                    await auth.principals.addMembers(record.id, plan.addMembers, principal.id);
                if (plan.removeMembers.length > 0)
                    await auth.principals.removeMembers(record.id, plan.removeMembers, principal.id);
                return scimResource(auth, await auth.principals.get(record.id));
            },
        }),
        defineRoute({
            method: 'DELETE',
            path: `${base}/:id`,
            summary: `Admin: delete a ${label} with its tokens, grants and memberships.`,
            tag: 'scim',
            params: idParams,
            handler: async ({ principal, params }) => {
                requireAdmin(principal);
                await auth.principals.get(params.id, kind);
                await auth.principals.delete(params.id, principal.id);
                return {};
            },
        }),
    ];
}
/**
 * Databricks' workspace SCIM API (a subset): users, service principals and groups. Admin status is the
 * principal's own flag, shown and set as SCIM role `admin`; a group with that role makes its members admins.
 */
export function principalRoutes(services) {
    const { auth } = services;
    return [
        defineRoute({
            method: 'GET',
            path: `${SCIM_BASE}/Me`,
            summary: 'The calling principal.',
            tag: 'scim',
            response: resourceSchema,
            handler: async ({ principal }) => scimResource(auth, await auth.principals.get(principal.id)),
        }),
        ...resourceRoutes(services, {
            kind: 'user',
            resource: 'Users',
            label: 'user',
            body: userBody,
            toInput: (body) => ({
                name: body.userName,
                displayName: body.displayName,
                active: body.active,
                isAdmin: isAdminRole(body.roles),
                groupIds: (body.groups ?? []).map((group) => group.value),
                memberIds: [],
            }),
        }),
        ...resourceRoutes(services, {
            kind: 'service_principal',
            resource: 'ServicePrincipals',
            label: 'service principal',
            body: servicePrincipalBody,
            toInput: (body) => ({
                name: body.applicationId ?? randomUUID(),
                displayName: body.displayName,
                active: body.active,
                isAdmin: isAdminRole(body.roles),
                groupIds: (body.groups ?? []).map((group) => group.value),
                memberIds: [],
            }),
        }),
        ...resourceRoutes(services, {
            kind: 'group',
            resource: 'Groups',
            label: 'group',
            body: groupBody,
            toInput: (body) => ({
                name: body.displayName,
                isAdmin: isAdminRole(body.roles),
                groupIds: (body.groups ?? []).map((group) => group.value),
                memberIds: (body.members ?? []).map((member) => member.value),
            }),
        }),
    ];
}
//# sourceMappingURL=principal-routes.js.map