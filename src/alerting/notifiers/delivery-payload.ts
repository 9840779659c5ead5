import { z } from 'zod';
import type { AlertNotification } from './types.js';

/** The notification as stored in alert_deliveries.payload, read back tolerantly (only the fields channels use). */
export const notificationSchema = z.object({
  eventId: z.number(),
  kind: z.enum(['firing', 'renotify', 'resolved', 'no_data']),
  rule: z.object({
    id: z.string(),
    name: z.string(),
    endpointName: z.string().nullable(),
    severity: z.enum(['critical', 'error', 'warning', 'info']),
    series: z.string(),
    comparator: z.string(),
    threshold: z.number(),
    windowSeconds: z.number(),
  }),
  seriesKey: z.string(),
  value: z.number().nullable(),
  time: z.number(),
  details: z.record(z.string(), z.unknown()),
}) satisfies z.ZodType<AlertNotification>;

/** Every string in a value (secret fields), longest first, for scrubbing error text. */
export function secretStrings(value: unknown): string[] {
  const found: string[] = [];
  const walk = (item: unknown) => {
    if (typeof item === 'string') {
      if (item.length >= 4) found.push(item);
    } else if (Array.isArray(item)) item.forEach(walk);
    else if (item && typeof item === 'object') Object.values(item).forEach(walk);
  };
  walk(value);
  // A Slack URL's path is its secret part; scrub it on its own too, in case only the path is echoed.
  for (const text of [...found]) {
    try {
      const url = new URL(text);
      if (url.pathname.length > 1) found.push(url.pathname + url.search);
    } catch {
      // not a URL
    }
  }
  return found.sort((a, b) => b.length - a.length);
}

/** last_error: secret-free, one line, bounded. */
export function safeError(text: string, secrets: readonly string[], maxLength = 500): string {
  let clean = text;
  for (const secret of secrets) clean = clean.split(secret).join('[REDACTED]');
  // eslint-disable-next-line no-control-regex -- one line
  clean = clean.replace(/[\u0000-\u001f\u007f]+/g, ' ');
  return clean.length > maxLength ? `${clean.slice(0, maxLength - 1)}…` : clean;
}
