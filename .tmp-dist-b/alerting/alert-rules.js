import { randomBytes, randomUUID } from 'node:crypto';
import { CairnError, errors } from '../errors/index.js';
import { validateChannelUrl } from './notifiers/channel-address.js';
import { checkRuleConsistency, parseOrThrow, ruleInputSchema, } from './rule-schema.js';
const OBJECT = 'serving-endpoints';
/** Webhook-action secrets share the notifier's reserved scope, under keys the notifier never touches. */
const SECRET_SCOPE = 'cairn-alerting';
/**
 * Permission rules for alerting: an endpoint's rules, events, states and actions need CAN_VIEW on it to read and
 * CAN_MANAGE to create, change, delete or test; global rules (no endpoint) are admins' only. Whatever a caller may
 * not view reads as absent (404 or left out of lists).
 */
export class AlertAccess {
    dependencies;
    constructor(dependencies) {
        this.dependencies = dependencies;
    }
    mayView(principal, endpointName) {
        if (principal.isAdmin)
            return true;
        if (endpointName === null)
            return false;
        const id = this.dependencies.serving.resolveEndpointId(endpointName);
        return id !== undefined && this.dependencies.auth.levelOn(principal, OBJECT, id) !== null;
    }
    /** 404 for an endpoint the caller cannot see, 403 when it sees but does not manage it (or a global rule, non-admin). */
    requireManage(principal, endpointName) {
        if (endpointName === null) {
            if (!principal.isAdmin)
                throw errors.permissionDenied('Only admins may manage global alert rules (rules without endpoint_name).');
            return;
        }
        const notFound = `Serving endpoint ${endpointName} does not exist.`;
        const id = this.dependencies.serving.resolveEndpointId(endpointName);
        if (!id)
            throw errors.notFound(notFound);
        this.dependencies.auth.require(principal, OBJECT, id, 'CAN_MANAGE', notFound);
    }
    /** 404 unless the caller may view the endpoint (used by filters naming one). */
    requireView(principal, endpointName) {
        if (!this.mayView(principal, endpointName))
            throw errors.notFound(`Serving endpoint ${endpointName} does not exist.`);
    }
}
/** The rule as the API returns it: channels through the notifier's view, webhook secrets never. */
export function ruleView(rule, notifier) {
    return {
        ...rule,
        channels: notifier.viewChannels(rule.channels),
        actions: rule.actions.map((action) => action.kind === 'webhook' ? { kind: 'webhook', url: action.url, ...(action.secretRef ? { secret_fields: ['secret'] } : {}) } : action),
    };
}
/** A stored action back in input form (secret left out), so a PATCH can revalidate the rule as a whole. */
function actionInputOf(action) {
    return action.kind === 'webhook' ? { kind: 'webhook', url: action.url } : action;
}
function isActionSecretKey(ruleId, key) {
    return key.startsWith(`${ruleId}.action-`);
}
/** Creating, changing and deleting rules (validation, permissions, secrets). */
export class AlertRules {
    dependencies;
    access;
    constructor(dependencies) {
        this.dependencies = dependencies;
        this.access = new AlertAccess(dependencies);
    }
    /** A rule the caller may view, by id or by name; 404 otherwise. */
    async find(principal, idOrName) {
        const { store } = this.dependencies;
        const rule = (await store.getRule(idOrName)) ?? (await store.findRuleByName(idOrName));
        if (!rule || !this.access.mayView(principal, rule.endpoint_name))
            throw errors.notFound(`Alert rule ${idOrName} does not exist.`);
        return rule;
    }
    async create(principal, body) {
        const input = this.validate(body);
        this.access.requireManage(principal, input.endpoint_name);
        const actions = this.checkActions(input.actions);
        const { store, notifier } = this.dependencies;
        if (await store.findRuleByName(input.name))
            throw errors.alreadyExists(`Alert rule ${input.name} already exists.`);
        const id = randomUUID();
        const channels = await notifier.prepareChannels(id, input.channels);
        const now = this.dependencies.now();
        try {
            const rule = {
                ...input,
                channels,
                actions: await this.storeActionSecrets(id, actions),
                id,
                created_by: principal.name,
                created_at: now,
                updated_at: now,
            };
            await store.insertRule(rule);
            return rule;
        }
        catch (error) {
            await this.dropSecrets(id, []);
            await notifier.dropSecrets(id, []).catch(() => undefined);
            if (await store.findRuleByName(input.name))
                throw errors.alreadyExists(`Alert rule ${input.name} already exists.`);
            throw error;
        }
    }
    async update(principal, idOrName, patch) {
        const current = await this.find(principal, idOrName);
        this.access.requireManage(principal, current.endpoint_name);
        const merged = {
            ...inputOf(current),
            ...patch,
            channels: patch.channels ?? [],
            actions: patch.actions ?? current.actions.map(actionInputOf),
        };
        const input = this.validate(merged);
        if (input.endpoint_name !== current.endpoint_name)
            this.access.requireManage(principal, input.endpoint_name);
        const { store, notifier } = this.dependencies;
        if (input.name !== current.name) {
            const clash = await store.findRuleByName(input.name);
            if (clash && clash.id !== current.id)
                throw errors.alreadyExists(`Alert rule ${input.name} already exists.`);
        }
        const channels = patch.channels === undefined ? current.channels : await notifier.prepareChannels(current.id, input.channels);
        const actions = patch.actions === undefined ? current.actions : await this.storeActionSecrets(current.id, this.checkActions(input.actions));
        const rule = { ...input, channels, actions, id: current.id, created_by: current.created_by, created_at: current.created_at, updated_at: this.dependencies.now() };
        await store.updateRule(rule);
        if (patch.channels !== undefined)
            await notifier.dropSecrets(current.id, channels);
        if (patch.actions !== undefined)
            await this.dropSecrets(current.id, actions);
        // What a state means changes with what the rule watches; a disabled rule's states would go stale.
        const watched = (value) => JSON.stringify([value.endpoint_name, value.series, value.filter, value.group_by, value.aggregation, value.window_seconds]);
        const resetStates = watched(rule) !== watched(current) || (!rule.enabled && current.enabled);
        if (resetStates)
            await store.dropStates(rule.id);
        return { rule, resetStates };
    }
    async delete(principal, idOrName) {
        const rule = await this.find(principal, idOrName);
        this.access.requireManage(principal, rule.endpoint_name);
        await this.dependencies.store.deleteRule(rule.id);
        await this.dependencies.notifier.dropSecrets(rule.id, []).catch(() => undefined);
        await this.dropSecrets(rule.id, []);
    }
    /** Schema, cross-field checks, then the series (400 listing the valid names). */
    validate(body) {
        const input = parseOrThrow(ruleInputSchema, body);
        checkRuleConsistency(input);
        this.dependencies.router.validate(input.series, input.filter);
        return input;
    }
    checkActions(actions) {
        actions.forEach((action, index) => {
            if (action.kind === 'webhook')
                validateChannelUrl(action.url, `actions[${index}].url`, this.dependencies.allowPrivate);
        });
        return [...actions];
    }
    async storeActionSecrets(ruleId, actions) {
        const stored = [];
        for (const [index, action] of actions.entries()) {
            if (action.kind !== 'webhook') {
                stored.push(action);
                continue;
            }
            if (action.secret === undefined) {
                stored.push({ kind: 'webhook', url: action.url });
                continue;
            }
            const key = `${ruleId}.action-${index}-${randomBytes(4).toString('hex')}`;
            await this.dependencies.secrets.put(SECRET_SCOPE, key, action.secret);
            stored.push({ kind: 'webhook', url: action.url, secretRef: { scope: SECRET_SCOPE, key } });
        }
        return stored;
    }
    /** Deletes the rule's webhook-action secrets that `keep` no longer references. */
    async dropSecrets(ruleId, keep) {
        const kept = new Set(keep.flatMap((action) => (action.kind === 'webhook' && action.secretRef ? [action.secretRef.key] : [])));
        const keys = await this.dependencies.secrets.list(SECRET_SCOPE).catch(() => []);
        await Promise.allSettled(keys.filter((entry) => isActionSecretKey(ruleId, entry.key) && !kept.has(entry.key)).map((entry) => this.dependencies.secrets.delete(SECRET_SCOPE, entry.key)));
    }
    /** Reads a webhook action's secret; only this rule's own keys. */
    async readActionSecret(ruleId, ref) {
        if (ref.scope !== SECRET_SCOPE || !isActionSecretKey(ruleId, ref.key))
            throw new CairnError('INTERNAL_ERROR', 'The webhook action references a secret outside its rule.');
        return this.dependencies.secrets.get(ref.scope, ref.key);
    }
}
/** The stored rule in input form (without channels and actions, which the caller supplies). */
function inputOf(rule) {
    const { id: _id, created_by: _by, created_at: _at, updated_at: _updated, channels: _channels, actions: _actions, ...rest } = rule;
    return rest;
}
//# sourceMappingURL=alert-rules.js.map