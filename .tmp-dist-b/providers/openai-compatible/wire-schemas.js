import { z } from 'zod';
/**
 * Tolerant schemas of only the fields Cairn reads from OpenAI-compatible hosts. Hosts differ in what they
 * add or leave out (vLLM, Ollama, TGI, llama.cpp), so everything but the essentials is optional or nullable
 * and unknown fields are ignored.
 */
const usageSchema = z.object({
    prompt_tokens: z.number().nullish(),
    completion_tokens: z.number().nullish(),
    total_tokens: z.number().nullish(),
});
const toolCallSchema = z.object({
    id: z.string(),
    type: z.string().nullish(),
    function: z.object({ name: z.string(), arguments: z.string().nullish() }),
});
export const chatCompletionSchema = z.object({
    id: z.string().nullish(),
    model: z.string().nullish(),
    choices: z.array(z.object({
        index: z.number().int().nullish(),
        message: z.object({
            content: z.string().nullish(),
            tool_calls: z.array(toolCallSchema).nullish(),
        }),
        finish_reason: z.string().nullish(),
    })),
    usage: usageSchema.nullish(),
});
export const textCompletionSchema = z.object({
    id: z.string().nullish(),
    model: z.string().nullish(),
    choices: z.array(z.object({
        index: z.number().int().nullish(),
        text: z.string().nullish(),
        finish_reason: z.string().nullish(),
    })),
    usage: usageSchema.nullish(),
});
const streamErrorSchema = z.object({ message: z.string().nullish() }).or(z.string());
/** One `data:` event of a chat or text completion stream (they differ only in `delta` vs `text`). */
export const streamChunkSchema = z.object({
    id: z.string().nullish(),
    model: z.string().nullish(),
    choices: z
        .array(z.object({
        index: z.number().int().nullish(),
        delta: z
            .object({
            content: z.string().nullish(),
            tool_calls: z
                .array(z.object({
                index: z.number().int().nullish(),
                id: z.string().nullish(),
                function: z.object({ name: z.string().nullish(), arguments: z.string().nullish() }).nullish(),
            }))
                .nullish(),
        })
            .nullish(),
        text: z.string().nullish(),
        finish_reason: z.string().nullish(),
    }))
        .nullish(),
    usage: usageSchema.nullish(),
    /** Some hosts (vLLM, OpenAI itself) report a failure inside the stream after a 200. */
    error: streamErrorSchema.nullish(),
});
export const embeddingsSchema = z.object({
    model: z.string().nullish(),
    data: z.array(z.object({
        index: z.number().int().nullish(),
        /** Floats, or base64 of little-endian float32 when `encoding_format: "base64"` was asked for. */
        embedding: z.union([z.array(z.number()), z.string()]),
    })),
    usage: usageSchema.nullish(),
});
/** Error bodies: OpenAI's `{error: {message}}`, Ollama's and TGI's `{error: "..."}`, or a bare `{message}`. */
export const errorBodySchema = z.object({
    error: z.union([z.string(), z.object({ message: z.string().nullish() })]).nullish(),
    message: z.string().nullish(),
});
//# sourceMappingURL=wire-schemas.js.map