import { z } from 'zod';
import { describeLevel, isLevelOf, permissionLevels, } from '../../auth/index.js';
import { errors } from '../../errors/index.js';
import { defineRoute } from '../route.js';
const nameFields = { user: 'user_name', group: 'group_name', service_principal: 'service_principal_name' };
const objectTypeNames = {
    'serving-endpoints': { wire: 'serving-endpoint', label: 'Serving endpoint' },
    'registered-models': { wire: 'registered-model', label: 'Registered model' },
};
const principalName = z.string().min(1).max(256);
const aclEntrySchema = z
    .object({
    user_name: principalName.optional(),
    group_name: principalName.optional(),
    service_principal_name: principalName.optional(),
    permission_level: z.string().min(1).max(100),
})
    .strict()
    .refine((entry) => [entry.user_name, entry.group_name, entry.service_principal_name].filter((name) => name !== undefined).length === 1, 'each entry names exactly one of user_name, group_name, service_principal_name');
// PUT without a list removes every direct grant, as in Databricks.
const aclBodySchema = z.object({ access_control_list: z.array(aclEntrySchema).max(1000).default([]) }).strict();
const idParams = z.object({ id: z.string().min(1).max(500) });
const objectPermissionsSchema = z.object({
    object_id: z.string(),
    object_type: z.string(),
    access_control_list: z.array(z.object({
        user_name: z.string().optional(),
        group_name: z.string().optional(),
        service_principal_name: z.string().optional(),
        display_name: z.string(),
        all_permissions: z.array(z.object({ permission_level: z.string(), inherited: z.boolean() })),
    })),
});
function aclWire(objectType, objectId, grants) {
    return {
        object_id: `/${objectType}/${objectId}`,
        object_type: objectTypeNames[objectType].wire,
        access_control_list: grants.map((grant) => ({
            [nameFields[grant.principal.kind]]: grant.principal.name,
            display_name: grant.principal.displayName,
            all_permissions: [{ permission_level: grant.level, inherited: false }],
        })),
    };
}
function routesFor(services, objectType) {
    const { auth } = services;
    const base = `/api/2.0/permissions/${objectType}/:id`;
    const label = objectTypeNames[objectType].label;
    const lowest = permissionLevels[objectType][0];
    /** 404 for objects that do not exist or that the caller may not even see; 403 when it lacks `level`. */
    async function authorize(principal, objectId, level) {
        const notFoundMessage = `${label} ${objectId} does not exist.`;
        if (!(await auth.objectExists(objectType, objectId)))
            throw errors.notFound(notFoundMessage);
        auth.require(principal, objectType, objectId, level, notFoundMessage);
    }
    async function resolveGrants(body) {
        const byPrincipal = new Map();
        for (const entry of body.access_control_list) {
            if (!isLevelOf(objectType, entry.permission_level)) {
                throw errors.invalid(`Permission level ${entry.permission_level} is not valid for ${objectType}; use one of ${permissionLevels[objectType].join(', ')}.`);
            }
            const [kind, name] = (entry.user_name !== undefined
                ? ['user', entry.user_name]
                : entry.group_name !== undefined
                    ? ['group', entry.group_name]
                    : ['service_principal', entry.service_principal_name]);
            const record = await auth.principals.findByName(kind, name);
            if (!record)
                throw errors.invalid(`Principal ${name} does not exist.`);
            // Listing one principal twice keeps the higher level.
            const previous = byPrincipal.get(record.id);
            const level = entry.permission_level;
            if (!previous || permissionLevels[objectType].indexOf(level) > permissionLevels[objectType].indexOf(previous)) {
                byPrincipal.set(record.id, level);
            }
        }
        return [...byPrincipal].map(([principalId, level]) => ({ principalId, level }));
    }
    const update = (replace) => defineRoute({
        method: replace ? 'PUT' : 'PATCH',
        path: base,
        summary: replace
            ? `Replace the direct permissions on a ${label.toLowerCase()} (CAN_MANAGE required).`
            : `Add or update permissions on a ${label.toLowerCase()} (CAN_MANAGE required).`,
        tag: 'permissions',
        params: idParams,
        body: aclBodySchema,
        response: objectPermissionsSchema,
        handler: async ({ principal, params, body }) => {
            await authorize(principal, params.id, 'CAN_MANAGE');
            const grants = await resolveGrants(body);
            await auth.permissions.update(objectType, params.id, grants, { replace, actorId: principal.id });
            return aclWire(objectType, params.id, await auth.permissions.list(objectType, params.id));
        },
    });
    return [
        defineRoute({
            method: 'GET',
            path: base,
            summary: `Get the permissions on a ${label.toLowerCase()} (CAN_MANAGE required).`,
            tag: 'permissions',
            params: idParams,
            response: objectPermissionsSchema,
            handler: async ({ principal, params }) => {
                await authorize(principal, params.id, 'CAN_MANAGE');
                return aclWire(objectType, params.id, await auth.permissions.list(objectType, params.id));
            },
        }),
        update(true),
        update(false),
        defineRoute({
            method: 'GET',
            path: `${base}/permissionLevels`,
            summary: `The permission levels of a ${label.toLowerCase()}.`,
            tag: 'permissions',
            params: idParams,
            response: z.object({ permission_levels: z.array(z.object({ permission_level: z.string(), description: z.string() })) }),
            handler: async ({ principal, params }) => {
                await authorize(principal, params.id, lowest);
                return {
                    permission_levels: permissionLevels[objectType].map((level) => ({ permission_level: level, description: describeLevel(level) })),
                };
            },
        }),
    ];
}
/** Databricks' `/api/2.0/permissions/{serving-endpoints,registered-models}/{id}`. */
export function permissionRoutes(services) {
    return [...routesFor(services, 'serving-endpoints'), ...routesFor(services, 'registered-models')];
}
//# sourceMappingURL=permission-routes.js.map