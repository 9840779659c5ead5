import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import type { SecretStore } from '../../auth/index.js';
import { errors } from '../../errors/index.js';
import { validateChannelHost, validateChannelUrl } from './channel-address.js';
import { type ChannelInput, channelsInputSchema, DEFAULT_PAGERDUTY_URL } from './channel-schema.js';
import type { StoredChannel } from './types.js';

/** Reserved secret scope for channel secrets (admins see it in the secrets API; nothing else writes there). */
export const ALERTING_SECRET_SCOPE = 'cairn-alerting';

/** `{ruleId}-{index}-{8 hex}`: the suffix lets new channels be stored before the old ones are dropped. */
function secretKey(ruleId: string, index: number): string {
  return `${ruleId}-${index}-${randomBytes(4).toString('hex')}`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function isRuleSecretKey(ruleId: string, key: string): boolean {
  return new RegExp(`^${escapeRegExp(ruleId)}-\\d+-[0-9a-f]{8}$`).test(key);
}

function fieldPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, part) => (typeof part === 'number' ? `${text}[${part}]` : `${text}.${String(part)}`), 'channels');
}

/** The first problem, naming the field (`channels[1].url`), as a 400. */
export function parseChannelInputs(inputs: unknown): ChannelInput[] {
  const parsed = channelsInputSchema.safeParse(inputs ?? []);
  if (parsed.success) return parsed.data;
  const issue = (parsed.error as z.ZodError).issues[0];
  const field = issue ? fieldPath(issue.path) : 'channels';
  throw errors.invalid(`Invalid ${field}: ${issue?.message ?? 'invalid value'}.`, { field });
}

interface PreparedChannel {
  channel: Omit<StoredChannel, 'secretRef'>;
  secret: Record<string, string> | undefined;
}

/** Validation and SSRF checks of one channel; nothing is stored yet. */
function prepareOne(input: ChannelInput, index: number, allowPrivate: boolean): PreparedChannel {
  const at = (name: string) => `channels[${index}].${name}`;
  const name = input.name ?? input.kind;
  switch (input.kind) {
    case 'webhook': {
      const url = validateChannelUrl(input.url, at('url'), allowPrivate);
      return { channel: { kind: 'webhook', name, settings: { url: url.toString() } }, secret: { secret: input.secret } };
    }
    case 'slack': {
      const url = validateChannelUrl(input.url, at('url'), allowPrivate);
      return { channel: { kind: 'slack', name, settings: { host: url.host } }, secret: { url: url.toString() } };
    }
    case 'pagerduty': {
      const url = validateChannelUrl(input.url ?? DEFAULT_PAGERDUTY_URL, at('url'), allowPrivate);
      return { channel: { kind: 'pagerduty', name, settings: { url: url.toString() } }, secret: { routing_key: input.routing_key } };
    }
    case 'email': {
      validateChannelHost(input.host, at('host'), allowPrivate);
      if (input.password !== undefined && input.username === undefined) {
        throw errors.invalid(`${at('password')} needs ${at('username')}.`, { field: at('password') });
      }
      if (input.password !== undefined && input.security === 'none') {
        throw errors.invalid(`${at('security')} "none" would send ${at('password')} in plain text; use tls or starttls.`, { field: at('security') });
      }
      const settings: Record<string, unknown> = { host: input.host, port: input.port, security: input.security, from: input.from, to: input.to };
      if (input.username !== undefined) settings.username = input.username;
      return { channel: { kind: 'email', name, settings }, secret: input.password !== undefined ? { password: input.password } : undefined };
    }
  }
}

/** Distinct display names: a second unnamed webhook becomes `webhook-2`. */
function uniqueNames(channels: PreparedChannel[]): void {
  const seen = new Set<string>();
  for (const prepared of channels) {
    let name = prepared.channel.name;
    for (let suffix = 2; seen.has(name); suffix++) name = `${prepared.channel.name}-${suffix}`;
    prepared.channel.name = name;
    seen.add(name);
  }
}

export function createChannelRegistry(secrets: SecretStore, allowPrivate: boolean) {
  return {
    /** Validates everything first, so a 400 leaves no secret behind; then stores the secrets. */
    async prepare(ruleId: string, inputs: unknown): Promise<StoredChannel[]> {
      const prepared = parseChannelInputs(inputs).map((input, index) => prepareOne(input, index, allowPrivate));
      uniqueNames(prepared);
      const stored: StoredChannel[] = [];
      for (const [index, { channel, secret }] of prepared.entries()) {
        if (secret === undefined) {
          stored.push(channel);
          continue;
        }
        const key = secretKey(ruleId, index);
        await secrets.put(ALERTING_SECRET_SCOPE, key, JSON.stringify(secret));
        stored.push({ ...channel, secretRef: { scope: ALERTING_SECRET_SCOPE, key } });
      }
      return stored;
    },

    view(channels: readonly StoredChannel[]): Array<Record<string, unknown>> {
      return channels.map((channel) => ({
        kind: channel.kind,
        name: channel.name,
        ...channel.settings,
        // Which secret fields are stored, never their values.
        ...(channel.secretRef ? { secret_fields: secretFieldsOf(channel.kind) } : {}),
      }));
    },

    /** Deletes the rule's channel secrets, except those `keep` still references. */
    async drop(ruleId: string, keep: readonly StoredChannel[] = []): Promise<void> {
      const kept = new Set(keep.flatMap((channel) => (channel.secretRef ? [channel.secretRef.key] : [])));
      const keys = await secrets.list(ALERTING_SECRET_SCOPE).catch(() => []);
      const doomed = keys.filter((entry) => isRuleSecretKey(ruleId, entry.key) && !kept.has(entry.key));
      await Promise.allSettled(doomed.map((entry) => secrets.delete(ALERTING_SECRET_SCOPE, entry.key)));
    },

    /** The channel's secret fields, or undefined when it has none; throws when the reference is gone. */
    async secretsOf(ruleId: string, channel: StoredChannel): Promise<Record<string, unknown> | undefined> {
      if (!channel.secretRef) return undefined;
      // Only this rule's own keys in the reserved scope: a channel can never read another secret (a provider key).
      if (channel.secretRef.scope !== ALERTING_SECRET_SCOPE || !isRuleSecretKey(ruleId, channel.secretRef.key)) {
        throw new Error('the channel references a secret outside its rule');
      }
      const value = await secrets.get(channel.secretRef.scope, channel.secretRef.key);
      return JSON.parse(value) as Record<string, unknown>;
    },
  };
}

function secretFieldsOf(kind: StoredChannel['kind']): string[] {
  switch (kind) {
    case 'webhook':
      return ['secret'];
    case 'slack':
      return ['url'];
    case 'pagerduty':
      return ['routing_key'];
    case 'email':
      return ['password'];
  }
}

export type ChannelRegistry = ReturnType<typeof createChannelRegistry>;
