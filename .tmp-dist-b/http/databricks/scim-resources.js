import { z } from 'zod';
import { errors } from '../../errors/index.js';
import { matchesScimFilter, parseScimFilter, parseScimPath } from './scim-filter.js';
export const scimSchemas = {
    user: 'urn:ietf:params:scim:schemas:core:2.0:User',
    service_principal: 'urn:ietf:params:scim:schemas:core:2.0:ServicePrincipal',
    group: 'urn:ietf:params:scim:schemas:core:2.0:Group',
    list: 'urn:ietf:params:scim:api:messages:2.0:ListResponse',
};
/** The one role Cairn knows: admins may do everything (see docs); SCIM's `roles` attribute carries it. */
export const ADMIN_ROLE = 'admin';
const resourcePaths = { user: 'Users', service_principal: 'ServicePrincipals', group: 'Groups' };
const reference = (record) => ({ value: record.id, display: record.displayName, $ref: `${resourcePaths[record.kind]}/${record.id}` });
const roles = (record) => (record.isAdmin ? [{ value: ADMIN_ROLE }] : []);
export const principalNameSchema = z
    .string()
    .trim()
    .min(1)
    .max(256)
    .refine((value) => !/\p{Cc}/u.test(value), 'must not contain control characters');
export const valueListSchema = z.array(z.object({ value: z.string().min(1).max(256) })).max(1000);
/** The SCIM resource of a principal, with its groups (and a group's members). Never tokens. */
export async function scimResource(auth, record) {
    const groups = (await auth.principals.groupsOf(record.id)).map((group) => ({ ...reference(group), type: 'direct' }));
    switch (record.kind) {
        case 'user':
            return {
                schemas: [scimSchemas.user],
                id: record.id,
                userName: record.name,
                displayName: record.displayName,
                active: record.active,
                groups,
                roles: roles(record),
                entitlements: [],
            };
        case 'service_principal':
            return {
                schemas: [scimSchemas.service_principal],
                id: record.id,
                applicationId: record.name,
                displayName: record.displayName,
                active: record.active,
                groups,
                roles: roles(record),
                entitlements: [],
            };
        case 'group':
            return {
                schemas: [scimSchemas.group],
                id: record.id,
                displayName: record.name,
                members: (await auth.principals.members(record.id)).map(reference),
                groups,
                roles: roles(record),
                entitlements: [],
            };
    }
}
/** SCIM's filter attributes of a principal. */
function filterAttributes(record) {
    const common = { id: record.id, displayName: record.kind === 'group' ? record.name : record.displayName, active: record.active };
    if (record.kind === 'user')
        return { ...common, userName: record.name };
    if (record.kind === 'service_principal')
        return { ...common, applicationId: record.name };
    return common;
}
export const MAX_PAGE_SIZE = 1000;
export const listQuerySchema = z.object({
    filter: z.string().max(1000).optional(),
    startIndex: z.coerce.number().int().min(1).optional(),
    count: z.coerce.number().int().min(0).optional(),
});
/** A SCIM ListResponse page, filtered and capped at MAX_PAGE_SIZE resources (SEC API4). */
export async function scimList(auth, kind, query) {
    const filter = query.filter ? parseScimFilter(query.filter) : null;
    const matching = (await auth.principals.list(kind)).filter((record) => !filter || matchesScimFilter(filter, filterAttributes(record)));
    const startIndex = query.startIndex ?? 1;
    const count = Math.min(query.count ?? MAX_PAGE_SIZE, MAX_PAGE_SIZE);
    const page = matching.slice(startIndex - 1, startIndex - 1 + count);
    return {
        schemas: [scimSchemas.list],
        totalResults: matching.length,
        startIndex,
        itemsPerPage: page.length,
        Resources: await Promise.all(page.map((record) => scimResource(auth, record))),
    };
}
export const patchBodySchema = z.object({
    schemas: z.array(z.string()).optional(),
    Operations: z
        .array(z.object({
        op: z
            .string()
            .transform((op) => op.toLowerCase())
            .pipe(z.enum(['add', 'remove', 'replace'])),
        path: z.string().max(1000).optional(),
        value: z.unknown().optional(),
    }))
        .min(1)
        .max(100),
});
// Azure AD and others send booleans as strings.
const booleanValue = z.union([z.boolean(), z.enum(['true', 'false', 'True', 'False']).transform((value) => value.toLowerCase() === 'true')]);
function parseRoles(value) {
    const list = valueListSchema.parse(value);
    for (const role of list)
        if (role.value !== ADMIN_ROLE)
            throw errors.invalid(`Unknown role ${role.value}; the only role is ${ADMIN_ROLE}.`);
    return list.length > 0;
}
function filteredValue(filter, value) {
    if (filter) {
        if (filter.attribute.toLowerCase() !== 'value' || filter.operator !== 'eq' || typeof filter.value !== 'string') {
            throw errors.invalid('Only `[value eq "…"]` selects list entries.');
        }
        return [filter.value];
    }
    return valueListSchema.parse(value).map((entry) => entry.value);
}
/** Turns SCIM PATCH operations into a plan; unknown paths are rejected, never silently dropped. */
export function planPatch(kind, operations) {
    const plan = { patch: {}, addMembers: [], removeMembers: [], replaceMembers: null };
    const apply = (op, attribute, filter, value) => {
        switch (attribute.toLowerCase()) {
            case 'active':
                if (kind === 'group' || op === 'remove')
                    break;
                plan.patch.active = booleanValue.parse(value);
                return;
            case 'displayname':
                if (kind === 'group' || op === 'remove')
                    break;
                plan.patch.displayName = principalNameSchema.parse(value);
                return;
            case 'roles':
                if (op === 'remove') {
                    if (filteredValue(filter, value).includes(ADMIN_ROLE))
                        plan.patch.isAdmin = false;
                }
                else if (op === 'add') {
                    if (parseRoles(value))
                        plan.patch.isAdmin = true;
                }
                else {
                    plan.patch.isAdmin = parseRoles(value);
                }
                return;
            case 'members':
                if (kind !== 'group')
                    break;
                if (op === 'add')
                    plan.addMembers.push(...filteredValue(null, value));
                else if (op === 'remove')
                    plan.removeMembers.push(...filteredValue(filter, value));
                else
                    plan.replaceMembers = filteredValue(null, value);
                return;
        }
        throw errors.invalid(`PATCH ${op} of ${attribute} is not supported on this resource.`);
    };
    for (const operation of operations) {
        if (operation.path !== undefined) {
            const { attribute, filter } = parseScimPath(operation.path);
            apply(operation.op, attribute, filter, operation.value);
            continue;
        }
        // Without a path the value is an object of attributes (SCIM 3.5.2.1 / 3.5.2.3).
        if (operation.op === 'remove')
            throw errors.invalid('A remove operation needs a path.');
        const value = z.record(z.string(), z.unknown()).parse(operation.value);
        for (const [attribute, attributeValue] of Object.entries(value)) {
            if (attribute === 'schemas')
                continue;
            apply(operation.op, attribute, null, attributeValue);
        }
    }
    return plan;
}
//# sourceMappingURL=scim-resources.js.map