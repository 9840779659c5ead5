import type { SegmentSource, TextSegment } from '../../gateway/index.js';
import type { ChatMessage, GenerateResult } from '../../providers/index.js';
import type { Invocation } from './invocation.js';
import { textLeaves } from './record-texts.js';

/**
 * The texts of a call as guardrails see them, and a way to write masked texts back into the call. Every text part
 * of every message is its own segment, so a masked segment replaces exactly the text it came from.
 */
export interface CallSegments {
  segments: TextSegment[];
  /** Replaces segment `i`'s text in the call (after input masking). */
  write(index: number, text: string): void;
}

export function inputSegments(call: Invocation): CallSegments {
  const segments: TextSegment[] = [];
  const writers: Array<(text: string) => void> = [];
  const add = (source: SegmentSource, text: string, index: number, write: (text: string) => void) => {
    segments.push({ source, text, index });
    writers.push(write);
  };
  const input = call.input;
  if (input?.kind === 'chat') {
    input.messages.forEach((message, messageIndex) => addMessage(message, messageIndex, add));
  } else if (input?.kind === 'completion') {
    add('prompt', input.prompt, 0, (text) => {
      input.prompt = text;
    });
  }
  call.prompts?.forEach((prompt, index) => {
    const prompts = call.prompts!;
    add('prompt', prompt, index, (text) => {
      prompts[index] = text;
    });
  });
  // Records (models that take them) are scanned string by string, each masked where it stands.
  for (const leaf of textLeaves(call.records ?? [])) add('prompt', leaf.text, leaf.index, leaf.set);
  call.embedInput?.forEach((text, index) => {
    const inputs = call.embedInput!;
    add('prompt', text, index, (masked) => {
      inputs[index] = masked;
    });
  });
  return { segments, write: (index, text) => writers[index]?.(text) };
}

function addMessage(
  message: ChatMessage,
  messageIndex: number,
  add: (source: SegmentSource, text: string, index: number, write: (text: string) => void) => void,
): void {
  const content = message.content;
  if (typeof content === 'string') {
    add(message.role, content, messageIndex, (text) => {
      message.content = text;
    });
  } else if (Array.isArray(content)) {
    for (const part of content) {
      if (part.type === 'text' && typeof part.text === 'string') {
        add(message.role, part.text, messageIndex, (text) => {
          part.text = text;
        });
      }
    }
  }
  // Tool-call arguments are user-influenced text too (SEC-AG-1 asks they pass through masking).
  for (const toolCall of message.tool_calls ?? []) {
    add(message.role, toolCall.function.arguments, messageIndex, (text) => {
      toolCall.function.arguments = text;
    });
  }
}

/** The choices of a finished generation, one segment each. */
export function outputSegments(result: GenerateResult): TextSegment[] {
  return result.choices.map((choice) => ({ source: 'completion', text: choice.text, index: choice.index }));
}
