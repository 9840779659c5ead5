export { createNotifier } from './notifier.js';
export { channelInputSchema, channelsInputSchema, DEFAULT_PAGERDUTY_URL, MAX_CHANNELS } from './channel-schema.js';
export { ALERTING_SECRET_SCOPE } from './channel-registry.js';
export { signPayload, verifySignature, SIGNATURE_HEADER, TIMESTAMP_HEADER, EVENT_ID_HEADER } from './webhook-signature.js';
export { parseRetryAfter, nextAttempt } from './retry-schedule.js';
//# sourceMappingURL=index.js.map