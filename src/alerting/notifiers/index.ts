/** Alert notification channels (webhook, Slack, PagerDuty, e-mail) and the delivery loop with retries and a dead-letter list. */
export type * from './types.js';
export { createNotifier, type NotifierOptions, type NotifierService } from './notifier.js';
export { channelInputSchema, channelsInputSchema, type ChannelInput, DEFAULT_PAGERDUTY_URL, MAX_CHANNELS } from './channel-schema.js';
export { ALERTING_SECRET_SCOPE } from './channel-registry.js';
export { signPayload, verifySignature, SIGNATURE_HEADER, TIMESTAMP_HEADER, EVENT_ID_HEADER, type VerifyOptions } from './webhook-signature.js';
export type { SmtpTransport, SmtpTransportFactory } from './channels/email-channel.js';
export { parseRetryAfter, nextAttempt } from './retry-schedule.js';
