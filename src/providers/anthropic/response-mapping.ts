import type { FinishReason, GenerateResult, ToolCall, Usage } from '../spec.js';
import type { WireMessage, WireUsage } from './wire-schemas.js';

/** Anthropic's `stop_reason` in the spec's (OpenAI's) terms. */
export function mapStopReason(reason: string | null | undefined): FinishReason {
  switch (reason) {
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length';
    case 'tool_use':
      return 'tool_calls';
    case 'refusal':
      return 'content_filter';
    default:
      // end_turn, stop_sequence, pause_turn and values added later all mean the model ended its turn.
      return 'stop';
  }
}

/**
 * Anthropic counts cached prompt tokens apart from `input_tokens`; all of them were read by the model, so
 * accounting sees their sum.
 */
export function mapUsage(usage: WireUsage | null | undefined): Usage | undefined {
  if (usage === null || usage === undefined) return undefined;
  return {
    inputTokens: (usage.input_tokens ?? 0) + (usage.cache_creation_input_tokens ?? 0) + (usage.cache_read_input_tokens ?? 0),
    outputTokens: usage.output_tokens ?? 0,
  };
}

/** Text blocks are joined; `tool_use` blocks become tool calls with their input as JSON text; others are skipped. */
export function mapMessage(wire: WireMessage, warnings: string[]): GenerateResult {
  let text = '';
  const toolCalls: ToolCall[] = [];
  for (const block of wire.content) {
    if (block.type === 'text' && typeof block.text === 'string') text += block.text;
    else if (block.type === 'tool_use') {
      toolCalls.push({
        id: block.id ?? `toolu_${toolCalls.length}`,
        type: 'function',
        function: { name: block.name ?? '', arguments: JSON.stringify(block.input ?? {}) },
      });
    }
  }
  const result: GenerateResult = {
    choices: [{ index: 0, text, finishReason: mapStopReason(wire.stop_reason), ...(toolCalls.length > 0 ? { toolCalls } : {}) }],
  };
  if (typeof wire.id === 'string') result.id = wire.id;
  if (typeof wire.model === 'string') result.model = wire.model;
  const usage = mapUsage(wire.usage);
  if (usage !== undefined) result.usage = usage;
  if (warnings.length > 0) result.warnings = warnings;
  return result;
}
