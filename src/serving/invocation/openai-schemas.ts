import { z } from 'zod';

/**
 * OpenAI request bodies, validated on the fields Cairn acts on. Other OpenAI fields (tools,
 * response_format, logprobs, user…) pass through to the provider in `params.extra`.
 */

const nullable = <T extends z.ZodType>(schema: T) => schema.nullish();

export const chatMessageSchema = z
  .object({
    role: z.enum(['system', 'developer', 'user', 'assistant', 'tool']),
    content: z.union([z.string(), z.array(z.record(z.string(), z.unknown())), z.null()]).optional(),
    name: z.string().optional(),
    tool_calls: z
      .array(
        z.object({
          id: z.string(),
          type: z.literal('function'),
          function: z.object({ name: z.string(), arguments: z.string() }),
        }),
      )
      .optional(),
    tool_call_id: z.string().optional(),
  })
  .passthrough();

const samplingFields = {
  temperature: nullable(z.number().min(0).max(2)),
  top_p: nullable(z.number().min(0).max(1)),
  max_tokens: nullable(z.number().int().min(1).max(1_000_000)),
  stop: nullable(z.union([z.string(), z.array(z.string()).max(4)])),
  seed: nullable(z.number().int()),
  n: nullable(z.number().int().min(1).max(16)),
  presence_penalty: nullable(z.number().min(-2).max(2)),
  frequency_penalty: nullable(z.number().min(-2).max(2)),
  stream: nullable(z.boolean()),
  stream_options: nullable(z.object({ include_usage: z.boolean().optional() }).passthrough()),
};

export const chatCompletionRequestSchema = z
  .object({
    model: z.string().min(1),
    messages: z.array(chatMessageSchema).min(1, 'messages must hold at least one message').max(4096),
    max_completion_tokens: nullable(z.number().int().min(1).max(1_000_000)),
    ...samplingFields,
  })
  .passthrough();

export const completionRequestSchema = z
  .object({
    model: z.string().min(1),
    prompt: z.union([z.string(), z.array(z.string()).min(1).max(1)]),
    ...samplingFields,
  })
  .passthrough();

export const embeddingsRequestSchema = z
  .object({
    model: z.string().min(1),
    input: z.union([z.string(), z.array(z.string()).min(1).max(2048)]),
    dimensions: z.number().int().min(1).max(65_536).optional(),
    encoding_format: z.enum(['float', 'base64']).optional(),
    user: z.string().optional(),
  })
  .passthrough();

export type ChatCompletionRequest = z.output<typeof chatCompletionRequestSchema>;
export type CompletionRequest = z.output<typeof completionRequestSchema>;
export type EmbeddingsRequest = z.output<typeof embeddingsRequestSchema>;

/** Databricks invocations: the same bodies without `model`, plus the fields Databricks adds. */
export const invocationRequestSchema = z
  .object({
    messages: z.array(chatMessageSchema).min(1).max(4096).optional(),
    prompt: z.union([z.string(), z.array(z.string()).min(1).max(1)]).optional(),
    input: z.union([z.string(), z.array(z.string()).min(1).max(2048)]).optional(),
    dataframe_records: z.array(z.unknown()).min(1).max(256).optional(),
    dataframe_split: z.object({ columns: z.array(z.string()).optional(), data: z.array(z.array(z.unknown())).max(256) }).passthrough().optional(),
    inputs: z.unknown().optional(),
    instances: z.array(z.unknown()).max(256).optional(),
    /** MLflow's inference params (e.g. `{top_k: 3}`), passed to models that take records and checked by their signature. */
    params: z.record(z.string(), z.unknown()).nullish(),
    client_request_id: z.string().max(256).optional(),
    usage_context: z.record(z.string(), z.unknown()).optional(),
    max_completion_tokens: nullable(z.number().int().min(1).max(1_000_000)),
    ...samplingFields,
  })
  .passthrough();

export type InvocationRequest = z.output<typeof invocationRequestSchema>;

const usageSchema = z.object({ prompt_tokens: z.number(), completion_tokens: z.number(), total_tokens: z.number() });

/** Documented response shapes (for /openapi.json). */
export const chatCompletionResponseSchema = z.object({
  id: z.string(),
  object: z.literal('chat.completion'),
  created: z.number(),
  model: z.string(),
  choices: z.array(
    z.object({
      index: z.number(),
      message: z.object({ role: z.literal('assistant'), content: z.string().nullable() }).passthrough(),
      finish_reason: z.string(),
    }),
  ),
  usage: usageSchema.optional(),
});

export const completionResponseSchema = z.object({
  id: z.string(),
  object: z.literal('text_completion'),
  created: z.number(),
  model: z.string(),
  choices: z.array(z.object({ index: z.number(), text: z.string(), finish_reason: z.string() })),
  usage: usageSchema.optional(),
});

export const embeddingsResponseSchema = z.object({
  object: z.literal('list'),
  data: z.array(z.object({ object: z.literal('embedding'), index: z.number(), embedding: z.array(z.number()) })),
  model: z.string(),
  usage: z.object({ prompt_tokens: z.number(), total_tokens: z.number() }),
});
