import { ApiError, segment } from '../api-client.js';
import { collect, usageError } from '../argument-parsers.js';
import { clientFrom, printResult, withClientOptions } from '../client-command.js';
import { asArray, asRecord, asText, formatTable } from '../output.js';
const objects = {
    endpoint: { path: 'serving-endpoints', label: 'serving endpoint' },
    model: { path: 'registered-models', label: 'registered model' },
};
export function parseObjectKind(text) {
    const value = text.trim().toLowerCase();
    if (['endpoint', 'endpoints', 'serving-endpoint', 'serving-endpoints'].includes(value))
        return 'endpoint';
    if (['model', 'models', 'registered-model', 'registered-models'].includes(value))
        return 'model';
    throw usageError(`the object type must be endpoint or model, got "${text}"`);
}
/** `query` or `can_query` → `CAN_QUERY`; the server says which levels an object type has. */
export function parseLevel(text) {
    const value = text.trim().toUpperCase().replace(/-/g, '_');
    if (!/^[A-Z_]+$/.test(value))
        throw usageError(`--level must be a permission level such as CAN_QUERY, got "${text}"`);
    return value.startsWith('CAN_') ? value : `CAN_${value}`;
}
/** The `--user/--group/--service-principal` flags as access-control entries (without a level). */
export function principalEntries(flags) {
    return [
        ...(flags.user ?? []).map((name) => ({ user_name: name })),
        ...(flags.group ?? []).map((name) => ({ group_name: name })),
        ...(flags.servicePrincipal ?? []).map((name) => ({ service_principal_name: name })),
    ];
}
function entryKey(entry) {
    if (entry.user_name !== undefined)
        return `user:${entry.user_name}`;
    if (entry.group_name !== undefined)
        return `group:${entry.group_name}`;
    return `service_principal:${entry.service_principal_name}`;
}
/** The object's id: permissions routes take ids; a name is looked up first, else the text is taken as an id. */
async function resolveObjectId(client, kind, nameOrId) {
    try {
        if (kind === 'endpoint')
            return asText((await client.get(`/api/2.0/serving-endpoints/${segment(nameOrId)}`)).id) ?? nameOrId;
        const model = await client.get('/api/2.0/mlflow/registered-models/get', { name: nameOrId });
        return asText(asRecord(model.registered_model).id) ?? nameOrId;
    }
    catch (error) {
        if (error instanceof ApiError && error.status === 404)
            return nameOrId;
        throw error;
    }
}
export function aclTable(result) {
    const entries = asArray(result.access_control_list);
    if (entries.length === 0)
        return 'No direct grants (admins can still do everything).';
    return formatTable(['principal', 'type', 'level'], entries.map((entry) => {
        const [type, name] = entry.user_name !== undefined
            ? ['user', entry.user_name]
            : entry.group_name !== undefined
                ? ['group', entry.group_name]
                : ['service principal', entry.service_principal_name];
        const levels = asArray(entry.all_permissions).map((permission) => `${asText(permission.permission_level)}${permission.inherited === true ? ' (inherited)' : ''}`);
        return [asText(name), type, levels.join(', ')];
    }));
}
function withPrincipalFlags(command) {
    return command
        .option('--user <name>', 'a user (repeatable)', collect)
        .option('--group <name>', 'a group (repeatable)', collect)
        .option('--service-principal <application-id>', 'a service principal (repeatable)', collect);
}
export function registerPermissionsCommand(program) {
    const permissions = program
        .command('permissions')
        .description('Who may view, query or manage an endpoint (CAN_VIEW, CAN_QUERY, CAN_MANAGE) or a model (CAN_READ, CAN_EDIT, CAN_MANAGE)');
    const permissionsPath = (kind, id) => `/api/2.0/permissions/${objects[kind].path}/${segment(id)}`;
    withClientOptions(permissions.command('get <type> <name-or-id>').description('Show the direct grants on an endpoint or model')).action(async (kindText, nameOrId, options) => {
        const kind = parseObjectKind(kindText);
        const client = clientFrom(options);
        const result = await client.get(permissionsPath(kind, await resolveObjectId(client, kind, nameOrId)));
        printResult(options, result, () => aclTable(result));
    });
    withClientOptions(withPrincipalFlags(permissions.command('grant <type> <name-or-id>').description('Grant a level to principals, keeping other grants')).requiredOption('--level <level>', 'CAN_VIEW, CAN_QUERY, CAN_MANAGE (endpoints); CAN_READ, CAN_EDIT, CAN_MANAGE (models)')).action(async (kindText, nameOrId, options) => {
        const kind = parseObjectKind(kindText);
        const entries = principalEntries(options);
        if (entries.length === 0)
            throw usageError('name at least one --user, --group or --service-principal');
        const level = parseLevel(options.level);
        const client = clientFrom(options);
        const result = await client.patch(permissionsPath(kind, await resolveObjectId(client, kind, nameOrId)), {
            access_control_list: entries.map((entry) => ({ ...entry, permission_level: level })),
        });
        printResult(options, result, () => aclTable(result));
    });
    withClientOptions(withPrincipalFlags(permissions.command('set <type> <name-or-id>').description('Replace every direct grant with the principals given at --level (PUT)'))
        .option('--level <level>', 'the level every named principal gets')
        .option('--clear', 'remove every direct grant (name no principal)')).action(async (kindText, nameOrId, options) => {
        const kind = parseObjectKind(kindText);
        const entries = principalEntries(options);
        if (entries.length === 0 && !options.clear)
            throw usageError('name principals with --user/--group/--service-principal, or pass --clear');
        if (entries.length > 0 && options.clear)
            throw usageError('--clear takes no principals');
        if (entries.length > 0 && options.level === undefined)
            throw usageError('--level is required with principals');
        const level = options.level === undefined ? undefined : parseLevel(options.level);
        const client = clientFrom(options);
        const result = await client.put(permissionsPath(kind, await resolveObjectId(client, kind, nameOrId)), {
            access_control_list: entries.map((entry) => ({ ...entry, permission_level: level })),
        });
        printResult(options, result, () => aclTable(result));
    });
    withClientOptions(withPrincipalFlags(permissions.command('revoke <type> <name-or-id>').description("Remove principals' direct grants, keeping the others"))).action(async (kindText, nameOrId, options) => {
        const kind = parseObjectKind(kindText);
        const removed = new Set(principalEntries(options).map(entryKey));
        if (removed.size === 0)
            throw usageError('name at least one --user, --group or --service-principal');
        const client = clientFrom(options);
        const path = permissionsPath(kind, await resolveObjectId(client, kind, nameOrId));
        const current = await client.get(path);
        // The API has no "remove one grant": read the direct grants and put back all but the removed ones.
        const kept = asArray(current.access_control_list).flatMap((entry) => {
            const principal = entry.user_name !== undefined
                ? { user_name: asText(entry.user_name) }
                : entry.group_name !== undefined
                    ? { group_name: asText(entry.group_name) }
                    : { service_principal_name: asText(entry.service_principal_name) };
            if (removed.has(entryKey(principal)))
                return [];
            return asArray(entry.all_permissions)
                .filter((permission) => permission.inherited !== true)
                .map((permission) => ({ ...principal, permission_level: asText(permission.permission_level) }));
        });
        const result = await client.put(path, { access_control_list: kept });
        printResult(options, result, () => aclTable(result));
    });
}
//# sourceMappingURL=permissions.js.map