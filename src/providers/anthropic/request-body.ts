import { z } from 'zod';
import { CairnError } from '../../errors/index.js';
import type { ChatMessage, GenerateInput, GenerationParams } from '../spec.js';

type Block = Record<string, unknown>;

interface AnthropicMessage {
  role: 'user' | 'assistant';
  content: string | Block[];
}

export interface MessagesRequest {
  /** The JSON body for `POST /v1/messages`. */
  body: string;
  /** Parameters Anthropic has no equivalent for; surfaced to the caller, never silently dropped. */
  warnings: string[];
}

/** Anthropic's sampling temperature range is 0–1 (OpenAI's is 0–2). */
const MAX_TEMPERATURE = 1;

/** `params.extra` fields with an Anthropic meaning; any other one is reported as ignored. */
const TOOL_FIELDS = new Set(['tools', 'tool_choice', 'parallel_tool_calls']);

const openAiToolsSchema = z.array(
  z.object({
    type: z.literal('function'),
    function: z.object({ name: z.string().min(1), description: z.string().optional(), parameters: z.record(z.string(), z.unknown()).optional() }),
  }),
);

const openAiToolChoiceSchema = z.union([
  z.enum(['auto', 'none', 'required']),
  z.object({ type: z.literal('function'), function: z.object({ name: z.string().min(1) }) }),
]);

function invalid(message: string): CairnError {
  return new CairnError('INVALID_PARAMETER_VALUE', message);
}

function textOf(content: ChatMessage['content']): string {
  if (typeof content === 'string') return content;
  if (content === null) return '';
  return content
    .map((part) => (part.type === 'text' && typeof part.text === 'string' ? part.text : ''))
    .filter((text) => text.length > 0)
    .join('\n');
}

/** An OpenAI `image_url` part as an Anthropic image block (a data URL becomes base64 data, anything else a URL). */
function imageBlock(part: Record<string, unknown>): Block {
  const image = part.image_url as { url?: unknown } | string | undefined;
  const url = typeof image === 'string' ? image : image?.url;
  if (typeof url !== 'string') throw invalid('An image_url content part needs image_url.url.');
  const data = /^data:([^;,]+);base64,(.*)$/s.exec(url);
  if (data) return { type: 'image', source: { type: 'base64', media_type: data[1], data: data[2] } };
  return { type: 'image', source: { type: 'url', url } };
}

function userBlocks(content: ChatMessage['content']): Block[] {
  if (typeof content === 'string') return content.length > 0 ? [{ type: 'text', text: content }] : [];
  if (content === null) return [];
  return content.map((part) => {
    if (part.type === 'text' && typeof part.text === 'string') return { type: 'text', text: part.text };
    if (part.type === 'image_url') return imageBlock(part);
    throw invalid(`Content parts of type ${String(part.type)} are not supported by the anthropic provider.`);
  });
}

function toolUseInput(argumentsText: string, name: string): Record<string, unknown> {
  if (argumentsText.trim().length === 0) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(argumentsText);
  } catch {
    throw invalid(`The arguments of tool call ${name} are not valid JSON.`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw invalid(`The arguments of tool call ${name} must be a JSON object.`);
  return parsed as Record<string, unknown>;
}

function assistantBlocks(message: ChatMessage): Block[] {
  const blocks: Block[] = [];
  const text = textOf(message.content);
  if (text.length > 0) blocks.push({ type: 'text', text });
  for (const call of message.tool_calls ?? []) {
    blocks.push({ type: 'tool_use', id: call.id, name: call.function.name, input: toolUseInput(call.function.arguments, call.function.name) });
  }
  return blocks;
}

function toolResultBlock(message: ChatMessage): Block {
  if (typeof message.tool_call_id !== 'string' || message.tool_call_id.length === 0) throw invalid('A tool message needs tool_call_id.');
  return { type: 'tool_result', tool_use_id: message.tool_call_id, content: textOf(message.content) };
}

/**
 * OpenAI-shaped messages as Anthropic's: system and developer messages become the top-level `system`, tool
 * results become `tool_result` blocks of a user turn, assistant tool calls become `tool_use` blocks, and
 * consecutive turns of one role are merged (Anthropic wants parallel tool results in one user turn).
 */
export function anthropicMessages(messages: readonly ChatMessage[]): { system: string | undefined; messages: AnthropicMessage[] } {
  const system: string[] = [];
  const turns: AnthropicMessage[] = [];
  const append = (role: AnthropicMessage['role'], blocks: Block[], plain?: string) => {
    if (blocks.length === 0) return;
    const last = turns.at(-1);
    if (last && last.role === role) {
      const previous = typeof last.content === 'string' ? [{ type: 'text', text: last.content }] : last.content;
      last.content = [...previous, ...blocks];
      return;
    }
    turns.push({ role, content: plain ?? blocks });
  };
  for (const message of messages) {
    switch (message.role) {
      case 'system':
      case 'developer': {
        const text = textOf(message.content);
        if (text.length > 0) system.push(text);
        break;
      }
      case 'user':
        append('user', userBlocks(message.content), typeof message.content === 'string' ? message.content : undefined);
        break;
      case 'assistant':
        append('assistant', assistantBlocks(message));
        break;
      case 'tool':
        append('user', [toolResultBlock(message)]);
        break;
    }
  }
  return { system: system.length > 0 ? system.join('\n\n') : undefined, messages: turns };
}

function anthropicToolChoice(choice: unknown, parallel: unknown): Block | undefined {
  let mapped: Block | undefined;
  if (choice !== undefined) {
    const parsed = openAiToolChoiceSchema.safeParse(choice);
    if (!parsed.success) throw invalid('tool_choice must be "auto", "none", "required" or {type: "function", function: {name}}.');
    const value = parsed.data;
    if (value === 'auto') mapped = { type: 'auto' };
    else if (value === 'none') mapped = { type: 'none' };
    else if (value === 'required') mapped = { type: 'any' };
    else mapped = { type: 'tool', name: value.function.name };
  }
  if (parallel === false) {
    mapped ??= { type: 'auto' };
    if (mapped.type !== 'none') mapped.disable_parallel_tool_use = true;
  }
  return mapped;
}

function anthropicTools(tools: unknown): Block[] {
  const parsed = openAiToolsSchema.safeParse(tools);
  if (!parsed.success) throw invalid('tools must be a list of {type: "function", function: {name, description?, parameters?}}.');
  return parsed.data.map(({ function: tool }) => ({
    name: tool.name,
    ...(tool.description !== undefined ? { description: tool.description } : {}),
    input_schema: tool.parameters ?? { type: 'object', properties: {} },
  }));
}

/**
 * The Messages API body for a canonical request. `max_tokens` is required by Anthropic, so the caller's value
 * or `defaultMaxTokens` is always sent.
 */
export function messagesRequestBody(model: string, input: GenerateInput, params: GenerationParams, stream: boolean, defaultMaxTokens: number): MessagesRequest {
  const warnings: string[] = [];
  const converted = input.kind === 'chat' ? anthropicMessages(input.messages) : { system: undefined, messages: [{ role: 'user' as const, content: input.prompt }] };
  const body: Record<string, unknown> = { model, max_tokens: params.max_tokens ?? defaultMaxTokens, messages: converted.messages };
  if (converted.system !== undefined) body.system = converted.system;
  if (params.temperature !== undefined) {
    if (params.temperature > MAX_TEMPERATURE) warnings.push(`temperature ${params.temperature} was lowered to ${MAX_TEMPERATURE}, the anthropic maximum`);
    body.temperature = Math.min(params.temperature, MAX_TEMPERATURE);
  }
  if (params.top_p !== undefined) body.top_p = params.top_p;
  if (params.stop !== undefined && params.stop.length > 0) body.stop_sequences = params.stop;
  if (params.seed !== undefined) warnings.push('seed is not supported by the anthropic provider and was ignored');
  if (params.n !== undefined && params.n > 1) warnings.push('n > 1 is not supported by the anthropic provider; one choice was generated');
  if (params.presence_penalty !== undefined) warnings.push('presence_penalty is not supported by the anthropic provider and was ignored');
  if (params.frequency_penalty !== undefined) warnings.push('frequency_penalty is not supported by the anthropic provider and was ignored');

  const extra = params.extra;
  if (extra.tools !== undefined) {
    const tools = anthropicTools(extra.tools);
    if (tools.length > 0) body.tools = tools;
  }
  const toolChoice = anthropicToolChoice(extra.tool_choice, extra.parallel_tool_calls);
  if (toolChoice !== undefined && body.tools !== undefined) body.tool_choice = toolChoice;
  for (const [key, value] of Object.entries(extra)) {
    if (TOOL_FIELDS.has(key)) continue;
    if (key === 'user' && typeof value === 'string') body.metadata = { user_id: value };
    else if (key === 'top_k' && typeof value === 'number') body.top_k = value;
    else warnings.push(`${key} is not supported by the anthropic provider and was ignored`);
  }
  if (stream) body.stream = true;
  return { body: JSON.stringify(body), warnings };
}
