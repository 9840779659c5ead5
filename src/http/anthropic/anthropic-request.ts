import { z } from 'zod';
import { CairnError } from '../../errors/index.js';
import type { ChatMessage, GenerateInput, GenerationParams, ToolCall } from '../../providers/index.js';
import type { AnthropicMessagesRequest } from './anthropic-schemas.js';

/** An Anthropic Messages request in the pipeline's (OpenAI-shaped) terms. */
export interface MappedMessagesRequest {
  input: GenerateInput;
  params: GenerationParams;
  /** Fields Cairn accepted but does not act on; reported in `x-cairn-warnings` and captured. */
  warnings: string[];
}

type Block = { type: string } & Record<string, unknown>;

/** Top-level fields the mapping reads; any other one is reported as ignored. */
const mapped = new Set(['model', 'max_tokens', 'messages', 'system', 'temperature', 'top_p', 'top_k', 'stop_sequences', 'stream', 'tools', 'tool_choice']);

const textBlockSchema = z.object({ type: z.literal('text'), text: z.string() });
const toolUseBlockSchema = z.object({ type: z.literal('tool_use'), id: z.string().min(1), name: z.string().min(1), input: z.unknown() });
const toolResultBlockSchema = z.object({
  type: z.literal('tool_result'),
  tool_use_id: z.string().min(1),
  content: z.union([z.string(), z.array(z.object({ type: z.string() }).passthrough())]).optional(),
  is_error: z.boolean().optional(),
});

function refused(param: string, message: string): CairnError {
  return new CairnError('INVALID_PARAMETER_VALUE', message, { details: { param } });
}

function parseBlock<Schema extends z.ZodType>(schema: Schema, block: Block, param: string): z.output<Schema> {
  const parsed = schema.safeParse(block);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? `.${issue.path.join('.')}` : '';
    throw refused(`${param}${where}`, `Invalid ${block.type} block at ${param}${where}: ${issue?.message ?? 'invalid'}.`);
  }
  return parsed.data;
}

function unsupported(block: Block, param: string): CairnError {
  if (block.type === 'image') {
    return refused(param, `Image content blocks are not supported on /v1/messages (${param}); send text, tool_use and tool_result blocks.`);
  }
  return refused(param, `Content blocks of type ${block.type} are not supported on /v1/messages (${param}).`);
}

/** The text of text-only content (system prompts, tool results). */
function textOnly(content: string | Block[], param: string): string {
  if (typeof content === 'string') return content;
  return content
    .map((block, index) => {
      if (block.type !== 'text') throw unsupported(block, `${param}.${index}`);
      return parseBlock(textBlockSchema, block, `${param}.${index}`).text;
    })
    .join('\n');
}

function userMessages(content: string | Block[], param: string): ChatMessage[] {
  if (typeof content === 'string') return [{ role: 'user', content }];
  const tools: ChatMessage[] = [];
  const texts: string[] = [];
  content.forEach((block, index) => {
    const where = `${param}.${index}`;
    if (block.type === 'text') texts.push(parseBlock(textBlockSchema, block, where).text);
    else if (block.type === 'tool_result') {
      const result = parseBlock(toolResultBlockSchema, block, where);
      const text = result.content === undefined ? '' : textOnly(result.content as Block[] | string, `${where}.content`);
      // OpenAI's tool message has no error flag; the model still has to know the tool failed.
      tools.push({ role: 'tool', tool_call_id: result.tool_use_id, content: result.is_error === true ? `Error: ${text}` : text });
    } else throw unsupported(block, where);
  });
  // OpenAI wants tool results right after the assistant's tool calls, before any new user text.
  if (texts.length === 1) tools.push({ role: 'user', content: texts[0]! });
  else if (texts.length > 1) tools.push({ role: 'user', content: texts.map((text) => ({ type: 'text', text })) });
  return tools;
}

function assistantMessage(content: string | Block[], param: string): ChatMessage {
  if (typeof content === 'string') return { role: 'assistant', content };
  let text = '';
  const toolCalls: ToolCall[] = [];
  content.forEach((block, index) => {
    const where = `${param}.${index}`;
    if (block.type === 'text') text += parseBlock(textBlockSchema, block, where).text;
    else if (block.type === 'tool_use') {
      const call = parseBlock(toolUseBlockSchema, block, where);
      toolCalls.push({ id: call.id, type: 'function', function: { name: call.name, arguments: JSON.stringify(call.input ?? {}) } });
    } else throw unsupported(block, where);
  });
  const message: ChatMessage = { role: 'assistant', content: toolCalls.length > 0 && text.length === 0 ? null : text };
  if (toolCalls.length > 0) message.tool_calls = toolCalls;
  return message;
}

function openAiTools(tools: NonNullable<AnthropicMessagesRequest['tools']>): Array<Record<string, unknown>> {
  return tools.map((tool, index) => {
    if (tool.type !== undefined && tool.type !== 'custom') {
      throw refused(`tools.${index}`, `Server tools (type ${tool.type}) are not supported on /v1/messages; define client tools with input_schema.`);
    }
    return {
      type: 'function',
      function: {
        name: tool.name,
        ...(tool.description !== undefined ? { description: tool.description } : {}),
        parameters: tool.input_schema ?? { type: 'object', properties: {} },
      },
    };
  });
}

function openAiToolChoice(choice: NonNullable<AnthropicMessagesRequest['tool_choice']>): unknown {
  switch (choice.type) {
    case 'auto':
      return 'auto';
    case 'any':
      return 'required';
    case 'none':
      return 'none';
    case 'tool':
      return { type: 'function', function: { name: choice.name } };
  }
}

/**
 * Maps an Anthropic Messages body to the canonical request every model takes: `system` becomes the first system
 * message, `tool_use` blocks become assistant tool calls, `tool_result` blocks become tool messages, tools and
 * tool_choice take OpenAI's shapes (in `params.extra`, where adapters look for them).
 */
export function mapMessagesRequest(body: AnthropicMessagesRequest): MappedMessagesRequest {
  const warnings: string[] = [];
  const messages: ChatMessage[] = [];
  if (body.system !== undefined) {
    const system = textOnly(body.system as string | Block[], 'system');
    if (system.length > 0) messages.push({ role: 'system', content: system });
  }
  body.messages.forEach((message, index) => {
    const content = message.content as string | Block[];
    if (message.role === 'user') messages.push(...userMessages(content, `messages.${index}.content`));
    else messages.push(assistantMessage(content, `messages.${index}.content`));
  });

  const extra: Record<string, unknown> = {};
  if (body.tools !== undefined && body.tools.length > 0) extra.tools = openAiTools(body.tools);
  if (body.tool_choice !== undefined) {
    extra.tool_choice = openAiToolChoice(body.tool_choice);
    if ('disable_parallel_tool_use' in body.tool_choice && body.tool_choice.disable_parallel_tool_use === true) extra.parallel_tool_calls = false;
  }
  if (body.top_k !== undefined) extra.top_k = body.top_k;
  const params: GenerationParams = { extra, max_tokens: body.max_tokens };
  if (body.temperature !== undefined) params.temperature = body.temperature;
  if (body.top_p !== undefined) params.top_p = body.top_p;
  if (body.stop_sequences !== undefined && body.stop_sequences.length > 0) params.stop = body.stop_sequences;
  for (const key of Object.keys(body)) {
    if (!mapped.has(key) && (body as Record<string, unknown>)[key] !== undefined) warnings.push(`${key} is not supported on /v1/messages and was ignored`);
  }
  return { input: { kind: 'chat', messages }, params, warnings };
}
