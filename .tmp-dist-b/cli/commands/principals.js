import { ApiError, segment } from '../api-client.js';
import { usageError } from '../argument-parsers.js';
import { CliError } from '../cli-error.js';
import { clientFrom, printResult, withClientOptions } from '../client-command.js';
import { asArray, asText, formatTable } from '../output.js';
const scimBase = '/api/2.0/preview/scim/v2';
const patchSchema = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const kinds = {
    user: { resource: 'Users', nameAttribute: 'userName', label: 'user' },
    'service-principal': { resource: 'ServicePrincipals', nameAttribute: 'applicationId', label: 'service principal' },
    group: { resource: 'Groups', nameAttribute: 'displayName', label: 'group' },
};
/** `users`, `sp`, `service_principal`… → the canonical kind. */
export function parsePrincipalKind(text) {
    const value = text.trim().toLowerCase().replace(/_/g, '-').replace(/s$/, '');
    if (value === 'user')
        return 'user';
    if (value === 'group')
        return 'group';
    if (value === 'service-principal' || value === 'sp')
        return 'service-principal';
    throw usageError(`KIND must be user, service-principal or group, got "${text}"`);
}
/** A SCIM `eq` filter; the value is a JSON string literal, which is what the server parses. */
export function scimEquals(attribute, value) {
    return `${attribute} eq ${JSON.stringify(value)}`;
}
function principalName(kind, resource) {
    return asText(resource[kinds[kind].nameAttribute]);
}
/** The SCIM resource with this name (or id), or undefined. */
async function findPrincipal(client, kind, nameOrId) {
    const { resource, nameAttribute } = kinds[kind];
    const page = await client.get(`${scimBase}/${resource}`, { filter: scimEquals(nameAttribute, nameOrId) });
    const [match] = asArray(page.Resources);
    if (match)
        return match;
    try {
        return await client.get(`${scimBase}/${resource}/${segment(nameOrId)}`);
    }
    catch (error) {
        if (error instanceof ApiError && (error.status === 404 || error.status === 400))
            return undefined;
        throw error;
    }
}
async function requirePrincipal(client, kind, nameOrId) {
    const found = await findPrincipal(client, kind, nameOrId);
    if (!found)
        throw new CliError(`${kinds[kind].label} ${nameOrId} does not exist.`);
    return found;
}
/** A group member named without --kind: whichever single kind has that name. */
async function requireMember(client, nameOrId, kindText) {
    if (kindText !== undefined)
        return requirePrincipal(client, parsePrincipalKind(kindText), nameOrId);
    const matches = (await Promise.all(Object.keys(kinds).map((kind) => findPrincipal(client, kind, nameOrId)))).filter((match) => match !== undefined);
    if (matches.length === 0)
        throw new CliError(`no user, service principal or group is named ${nameOrId}.`);
    if (matches.length > 1)
        throw usageError(`${nameOrId} names more than one kind of principal; add --kind user|service-principal|group`);
    return matches[0];
}
export function principalsTable(rows) {
    if (rows.length === 0)
        return 'No principals.';
    return formatTable(['kind', 'name', 'id', 'display name', 'admin', 'groups / members'], rows.map(({ kind, resource }) => {
        const related = kind === 'group' ? asArray(resource.members) : asArray(resource.groups);
        return [
            kind,
            principalName(kind, resource),
            asText(resource.id),
            kind === 'group' ? undefined : asText(resource.displayName),
            asArray(resource.roles).some((role) => role.value === 'admin') ? 'yes' : '',
            related.map((entry) => asText(entry.display) ?? asText(entry.value)).join(', '),
        ];
    }));
}
function memberPatch(op, memberId) {
    return {
        schemas: [patchSchema],
        Operations: op === 'add' ? [{ op, path: 'members', value: [{ value: memberId }] }] : [{ op, path: `members[value eq ${JSON.stringify(memberId)}]` }],
    };
}
export function registerPrincipalsCommand(program) {
    const principals = program.command('principals').description('Admin: users, service principals and groups (SCIM API)');
    withClientOptions(principals
        .command('create <kind> [name]')
        .description('Create a user (NAME = user name), a service principal (NAME = application id, generated when left out) or a group')
        .option('--display-name <text>', 'display name (users and service principals)')
        .option('--admin', 'make the principal a workspace admin')).action(async (kindText, name, options) => {
        const kind = parsePrincipalKind(kindText);
        if (name === undefined && kind !== 'service-principal')
            throw usageError(`a ${kinds[kind].label} needs a NAME`);
        if (options.displayName !== undefined && kind === 'group')
            throw usageError('a group is named by NAME; --display-name is for users and service principals');
        const body = { displayName: options.displayName, [kinds[kind].nameAttribute]: name };
        if (options.admin)
            body.roles = [{ value: 'admin' }];
        const result = await clientFrom(options).post(`${scimBase}/${kinds[kind].resource}`, body);
        printResult(options, result, () => `Created ${kinds[kind].label} ${principalName(kind, result)} (id ${asText(result.id)}).`);
    });
    withClientOptions(principals.command('list [kind]').description('List users, service principals and groups (or one kind)')).action(async (kindText, options) => {
        const client = clientFrom(options);
        const selected = kindText === undefined ? Object.keys(kinds) : [parsePrincipalKind(kindText)];
        const pages = await Promise.all(selected.map(async (kind) => ({ kind, page: await client.get(`${scimBase}/${kinds[kind].resource}`) })));
        const raw = kindText === undefined ? Object.fromEntries(pages.map(({ kind, page }) => [kinds[kind].resource, page])) : pages[0]?.page;
        printResult(options, raw, () => principalsTable(pages.flatMap(({ kind, page }) => asArray(page.Resources).map((resource) => ({ kind, resource })))));
    });
    withClientOptions(principals.command('delete <kind> <name-or-id>').description('Delete a principal with its tokens, grants and memberships')).action(async (kindText, nameOrId, options) => {
        const kind = parsePrincipalKind(kindText);
        const client = clientFrom(options);
        const principal = await requirePrincipal(client, kind, nameOrId);
        const result = await client.delete(`${scimBase}/${kinds[kind].resource}/${segment(asText(principal.id) ?? '')}`);
        printResult(options, result, () => `Deleted ${kinds[kind].label} ${nameOrId}.`);
    });
    for (const op of ['add', 'remove']) {
        withClientOptions(principals
            .command(`${op}-member <group> <member>`)
            .description(op === 'add' ? 'Add a user, service principal or group to a group' : 'Remove a member from a group')
            .option('--kind <kind>', 'what MEMBER names when the name is ambiguous: user, service-principal or group')).action(async (groupName, memberName, options) => {
            const client = clientFrom(options);
            const group = await requirePrincipal(client, 'group', groupName);
            const member = await requireMember(client, memberName, options.kind);
            const result = await client.patch(`${scimBase}/Groups/${segment(asText(group.id) ?? '')}`, memberPatch(op, asText(member.id) ?? ''));
            printResult(options, result, () => (op === 'add' ? `Added ${memberName} to group ${groupName}.` : `Removed ${memberName} from group ${groupName}.`));
        });
    }
}
//# sourceMappingURL=principals.js.map