import { randomUUID } from 'node:crypto';
import { CairnError, errors } from '../errors/index.js';
const kindNames = { user: 'User', service_principal: 'Service principal', group: 'Group' };
export function createPrincipalAdmin(context) {
    const { principals } = context;
    async function get(id, kind) {
        const record = await principals.get(id);
        if (!record || (kind && record.kind !== kind))
            throw errors.notFound(`${kind ? kindNames[kind] : 'Principal'} ${id} does not exist.`);
        return record;
    }
    async function guardLastAdmin(record) {
        if (record.kind === 'group' || !record.isAdmin || !record.active)
            return;
        if ((await principals.countOtherActiveAdmins(record.id)) === 0) {
            throw new CairnError('INVALID_STATE', 'This is the last active admin; make another principal admin first.');
        }
    }
    async function validMembers(groupId, memberIds) {
        await get(groupId, 'group');
        const unique = [...new Set(memberIds)];
        for (const memberId of unique) {
            if (memberId === groupId)
                throw errors.invalid('A group cannot be a member of itself.');
            if (!(await principals.get(memberId)))
                throw errors.invalid(`Member ${memberId} does not exist.`);
        }
        return unique;
    }
    return {
        async create(input, actorId) {
            const record = {
                id: randomUUID(),
                kind: input.kind,
                name: input.name,
                displayName: input.displayName ?? input.name,
                isAdmin: input.isAdmin ?? false,
                active: input.active ?? true,
                createdAt: context.now(),
            };
            if (!(await principals.insert(record))) {
                throw errors.alreadyExists(`${kindNames[input.kind]} ${input.name} already exists.`);
            }
            await context.audit({
                principalId: actorId,
                action: 'principal.create',
                objectType: input.kind,
                objectId: record.id,
                details: { name: record.name, is_admin: record.isAdmin },
            });
            await context.changed(`principal/${record.id}`);
            return record;
        },
        get,
        findByName: (kind, name) => principals.findByName(kind, name),
        list: (kind) => principals.list(kind),
        async update(id, patch, actorId) {
            const record = await get(id);
            if (record.kind === 'group' && patch.active === false)
                throw errors.invalid('Groups cannot be deactivated.');
            if (patch.isAdmin === false || patch.active === false)
                await guardLastAdmin(record);
            await principals.update(id, patch);
            await context.audit({ principalId: actorId, action: 'principal.update', objectType: record.kind, objectId: id, details: { ...patch } });
            await context.changed(`principal/${id}`);
            return get(id);
        },
        async delete(id, actorId) {
            const record = await get(id);
            await guardLastAdmin(record);
            await principals.delete(id);
            await context.audit({ principalId: actorId, action: 'principal.delete', objectType: record.kind, objectId: id, details: { name: record.name } });
            await context.changed(`principal/${id}`);
        },
        async addMembers(groupId, memberIds, actorId) {
            const members = await validMembers(groupId, memberIds);
            await principals.addMembers(groupId, members);
            await context.audit({ principalId: actorId, action: 'group.add_members', objectType: 'group', objectId: groupId, details: { members } });
            await context.changed(`principal/${groupId}`);
        },
        async removeMembers(groupId, memberIds, actorId) {
            await get(groupId, 'group');
            const members = [...new Set(memberIds)];
            await principals.removeMembers(groupId, members);
            await context.audit({ principalId: actorId, action: 'group.remove_members', objectType: 'group', objectId: groupId, details: { members } });
            await context.changed(`principal/${groupId}`);
        },
        members: async (groupId) => {
            await get(groupId, 'group');
            return principals.members(groupId);
        },
        groupsOf: (principalId) => principals.groupsOf(principalId),
    };
}
//# sourceMappingURL=principal-admin.js.map