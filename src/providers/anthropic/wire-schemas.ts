import { z } from 'zod';

/**
 * Tolerant schemas of only the fields Cairn reads from Anthropic's Messages API. Anthropic adds block, delta and
 * event types over time; unknown ones are accepted here and skipped by the mapping, never fatal.
 */

const usageSchema = z.object({
  input_tokens: z.number().nullish(),
  output_tokens: z.number().nullish(),
  cache_creation_input_tokens: z.number().nullish(),
  cache_read_input_tokens: z.number().nullish(),
});
export type WireUsage = z.infer<typeof usageSchema>;

const contentBlockSchema = z.object({
  type: z.string(),
  text: z.string().nullish(),
  id: z.string().nullish(),
  name: z.string().nullish(),
  input: z.unknown().optional(),
});
export type WireContentBlock = z.infer<typeof contentBlockSchema>;

/** A whole (non-streamed) answer: `{type: "message", content: [...], stop_reason, usage}`. */
export const messageSchema = z.object({
  id: z.string().nullish(),
  model: z.string().nullish(),
  content: z.array(contentBlockSchema),
  stop_reason: z.string().nullish(),
  stop_sequence: z.string().nullish(),
  usage: usageSchema.nullish(),
});
export type WireMessage = z.infer<typeof messageSchema>;

/** The `type` every stream event's data carries; the event's own schema is picked by it. */
export const streamEventTypeSchema = z.object({ type: z.string() });

export const streamEventSchemas = {
  message_start: z.object({
    message: z.object({ id: z.string().nullish(), model: z.string().nullish(), usage: usageSchema.nullish() }),
  }),
  content_block_start: z.object({ index: z.number().int().nonnegative(), content_block: contentBlockSchema }),
  content_block_delta: z.object({
    index: z.number().int().nonnegative(),
    delta: z.object({ type: z.string(), text: z.string().nullish(), partial_json: z.string().nullish() }),
  }),
  content_block_stop: z.object({ index: z.number().int().nonnegative() }),
  message_delta: z.object({
    delta: z.object({ stop_reason: z.string().nullish(), stop_sequence: z.string().nullish() }),
    usage: usageSchema.nullish(),
  }),
  error: z.object({ error: z.object({ type: z.string().nullish(), message: z.string().nullish() }).nullish() }),
} as const;
