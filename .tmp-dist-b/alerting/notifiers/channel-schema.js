import { z } from 'zod';
export const DEFAULT_PAGERDUTY_URL = 'https://events.pagerduty.com/v2/enqueue';
/** At most this many channels per rule: each firing stores one delivery per channel. */
export const MAX_CHANNELS = 10;
// eslint-disable-next-line no-control-regex -- refusing control characters is the point
const channelName = z.string().trim().min(1).max(100).regex(/^[^\u0000-\u001f\u007f]+$/, 'no control characters');
const url = z.string().trim().min(1).max(2048);
const webhookInput = z
    .object({
    kind: z.literal('webhook'),
    name: channelName.optional(),
    url,
    /** HMAC-SHA256 key for `X-Cairn-Signature`; kept in the secret store. */
    secret: z.string().min(16).max(512),
})
    .strict();
const slackInput = z
    .object({
    kind: z.literal('slack'),
    name: channelName.optional(),
    /** The incoming-webhook URL: whoever has it can post to the channel, so it is a secret. */
    url,
})
    .strict();
const pagerDutyInput = z
    .object({
    kind: z.literal('pagerduty'),
    name: channelName.optional(),
    /** The integration's routing key (secret). */
    routing_key: z.string().min(1).max(256),
    /** Events API v2 URL; defaults to PagerDuty's (override for EU service regions or tests). */
    url: url.optional(),
})
    .strict();
const emailInput = z
    .object({
    kind: z.literal('email'),
    name: channelName.optional(),
    host: z.string().trim().min(1).max(253),
    port: z.number().int().min(1).max(65_535).default(587),
    /** `tls`: TLS from the first byte (port 465); `starttls`: upgrade required; `none`: plain text (local relays only). */
    security: z.enum(['tls', 'starttls', 'none']).default('starttls'),
    from: z.email().max(320),
    to: z.array(z.email().max(320)).min(1).max(50),
    username: z.string().min(1).max(256).optional(),
    /** SMTP password (secret); needs `username`, and never travels over `security: none`. */
    password: z.string().min(1).max(1024).optional(),
})
    .strict();
/** One notification channel as a rule's `channels[]` accepts it (secrets in plaintext, moved to the secret store). */
export const channelInputSchema = z.discriminatedUnion('kind', [webhookInput, slackInput, pagerDutyInput, emailInput]);
export const channelsInputSchema = z.array(channelInputSchema).max(MAX_CHANNELS);
/** Settings stored with the rule (no secrets), per kind. */
export const webhookSettings = z.object({ url: z.string() });
export const slackSettings = z.object({ host: z.string() });
export const pagerDutySettings = z.object({ url: z.string() });
export const emailSettings = z.object({
    host: z.string(),
    port: z.number().int(),
    security: z.enum(['tls', 'starttls', 'none']),
    from: z.string(),
    to: z.array(z.string()),
    username: z.string().optional(),
});
/** Secret fields per kind, as one JSON value in the secret store. */
export const webhookSecrets = z.object({ secret: z.string() });
export const slackSecrets = z.object({ url: z.string() });
export const pagerDutySecrets = z.object({ routing_key: z.string() });
export const emailSecrets = z.object({ password: z.string().optional() });
/** A stored channel as read back from a delivery row (tolerant: unknown fields are ignored). */
export const storedChannelSchema = z.object({
    kind: z.enum(['webhook', 'slack', 'pagerduty', 'email']),
    name: z.string(),
    settings: z.record(z.string(), z.unknown()),
    secretRef: z.object({ scope: z.string(), key: z.string() }).optional(),
});
//# sourceMappingURL=channel-schema.js.map