import { z } from 'zod';

/**
 * The messages between Cairn and a JS model's worker thread. Everything crossing is structured-clone safe: plain
 * JSON-like data only. Messages from the worker are parsed (workerMessageSchema): the model's code shares the
 * worker's isolate and could post anything on the port.
 */

export type CallOperation = 'predict' | 'chat' | 'chatStream' | 'embed';

export interface PredictPayload {
  records: unknown[];
  params: Record<string, unknown>;
}
export interface ChatPayload {
  messages: Array<{ role: string; content: unknown; [key: string]: unknown }>;
  params: Record<string, unknown>;
}
export interface EmbedPayload {
  texts: string[];
  params: Record<string, unknown>;
}

export type ParentMessage =
  | { type: 'call'; id: number; op: 'predict'; payload: PredictPayload }
  | { type: 'call'; id: number; op: 'chat' | 'chatStream'; payload: ChatPayload }
  | { type: 'call'; id: number; op: 'embed'; payload: EmbedPayload }
  /** The caller went away: stop iterating a stream; a running synchronous function cannot be stopped. */
  | { type: 'cancel'; id: number };

/** What the worker thread is started with (its `workerData`). */
export interface WorkerInit {
  /** The worker script and, when running from TypeScript source, tsx's ESM API to load it with. */
  moduleUrl: string;
  tsxApi: string | null;
  /** The package's entry module as a file URL, and its path for messages. */
  entryUrl: string;
  entry: string;
  packageDir: string;
  artifactsDir: string;
  manifest: Record<string, unknown>;
  capabilities: string[];
  /** Cap on an error message sent back (the model's thrown message). */
  maxMessageChars: number;
}

const id = z.number().int().nonnegative();

export const usageSchema = z.object({ inputTokens: z.number().int().nonnegative(), outputTokens: z.number().int().nonnegative() });
export type WorkerUsage = z.output<typeof usageSchema>;

export const workerMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready'), loadMs: z.number().nonnegative() }),
  z.object({ type: z.literal('load-failed'), message: z.string() }),
  /** The op's result: predict → {predictions}; chat → {content, usage?}; chatStream → {usage?}; embed → {embeddings, usage?}. */
  z.object({ type: z.literal('result'), id, value: z.unknown() }),
  z.object({ type: z.literal('delta'), id, text: z.string() }),
  z.object({ type: z.literal('error'), id, message: z.string() }),
]);
export type WorkerMessage = z.output<typeof workerMessageSchema>;

export const predictOutputSchema = z.object({ predictions: z.array(z.unknown()) });
export const chatOutputSchema = z.object({ content: z.string(), usage: usageSchema.optional() });
export const streamEndSchema = z.object({ usage: usageSchema.optional() });
export const embedOutputSchema = z.object({ embeddings: z.array(z.array(z.number())), usage: usageSchema.optional() });
