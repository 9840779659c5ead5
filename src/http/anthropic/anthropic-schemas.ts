import { z } from 'zod';

/**
 * Anthropic Messages API request and response bodies, validated on the fields Cairn acts on. Content blocks are
 * checked one by one when mapped (so an unsupported block type gets a message naming it); other top-level fields
 * are accepted and reported as ignored.
 */

const contentBlockSchema = z.object({ type: z.string() }).passthrough();

const contentSchema = z.union([z.string(), z.array(contentBlockSchema).max(4096)]);

export const anthropicToolSchema = z
  .object({
    /** Server tools (web search, code execution…) have their own type; client tools have none or `custom`. */
    type: z.string().optional(),
    name: z.string().min(1).max(256),
    description: z.string().optional(),
    input_schema: z.record(z.string(), z.unknown()).optional(),
  })
  .passthrough();

export const anthropicToolChoiceSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('auto'), disable_parallel_tool_use: z.boolean().optional() }),
  z.object({ type: z.literal('any'), disable_parallel_tool_use: z.boolean().optional() }),
  z.object({ type: z.literal('tool'), name: z.string().min(1), disable_parallel_tool_use: z.boolean().optional() }),
  z.object({ type: z.literal('none') }),
]);

export const anthropicMessagesRequestSchema = z
  .object({
    /** The Cairn endpoint name. */
    model: z.string().min(1),
    max_tokens: z.number().int().min(1).max(1_000_000),
    messages: z
      .array(z.object({ role: z.enum(['user', 'assistant']), content: contentSchema }).passthrough())
      .min(1, 'messages must hold at least one message')
      .max(4096),
    system: contentSchema.optional(),
    temperature: z.number().min(0).max(1).optional(),
    top_p: z.number().min(0).max(1).optional(),
    top_k: z.number().int().min(0).optional(),
    stop_sequences: z.array(z.string()).max(16).optional(),
    stream: z.boolean().optional(),
    tools: z.array(anthropicToolSchema).max(256).optional(),
    tool_choice: anthropicToolChoiceSchema.optional(),
    metadata: z.record(z.string(), z.unknown()).optional(),
  })
  .passthrough();

export type AnthropicMessagesRequest = z.output<typeof anthropicMessagesRequestSchema>;

/** The response body (documented in /openapi.json; the writer is src/serving/invocation/anthropic-format.ts). */
export const anthropicMessageResponseSchema = z.object({
  id: z.string(),
  type: z.literal('message'),
  role: z.literal('assistant'),
  model: z.string(),
  content: z.array(
    z.union([
      z.object({ type: z.literal('text'), text: z.string() }),
      z.object({ type: z.literal('tool_use'), id: z.string(), name: z.string(), input: z.record(z.string(), z.unknown()) }),
    ]),
  ),
  stop_reason: z.enum(['end_turn', 'max_tokens', 'tool_use', 'refusal']),
  stop_sequence: z.string().nullable(),
  usage: z.object({ input_tokens: z.number().int(), output_tokens: z.number().int() }),
});
