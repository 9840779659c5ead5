/**
 * OpenAI's exact wire format for the fake upstream: chat and text completions (JSON and SSE chunks,
 * including the usage chunk), embeddings, models and error bodies. Everything static is escaped once;
 * per request only ids, the model name and usage are spliced in, so the fake stays cheap under load.
 */

export interface ReplyPlan {
  kind: 'chat' | 'completion';
  model: string;
  n: number;
  /** Set when the request offered tools: the fake answers with a call to this function. */
  toolName: string | undefined;
  promptTokens: number;
}

export const FAKE_TOOL_ARGUMENTS = '{"query":"fake"}';
const TOOL_ARGUMENT_PIECES = ['{"query":', '"fake"}'];

function splitReply(reply: string): string[] {
  return reply.match(/\s*\S+/g) ?? [reply];
}

export class OpenAiWire {
  /** Reply pieces (a word with its leading space), JSON-escaped once. */
  private readonly pieces: string[];
  private readonly replyJson: string;
  private readonly escapedModels = new Map<string, string>();
  readonly replyPieceCount: number;

  constructor(
    readonly reply: string,
    private readonly created: number,
  ) {
    const pieces = splitReply(reply);
    this.pieces = pieces.map((piece) => JSON.stringify(piece));
    this.replyJson = JSON.stringify(reply);
    this.replyPieceCount = pieces.length;
  }

  private model(model: string): string {
    let escaped = this.escapedModels.get(model);
    if (escaped === undefined) {
      escaped = JSON.stringify(model);
      if (this.escapedModels.size < 100) this.escapedModels.set(model, escaped);
    }
    return escaped;
  }

  completionTokens(plan: ReplyPlan): number {
    return (plan.toolName === undefined ? this.replyPieceCount : TOOL_ARGUMENT_PIECES.length + 1) * plan.n;
  }

  private usage(plan: ReplyPlan): string {
    const completion = this.completionTokens(plan);
    return `{"prompt_tokens":${plan.promptTokens},"completion_tokens":${completion},"total_tokens":${plan.promptTokens + completion}}`;
  }

  private toolCallJson(plan: ReplyPlan, index: number): string {
    return `{"id":"call_fake_${index}","type":"function","function":{"name":${JSON.stringify(plan.toolName)},"arguments":${JSON.stringify(FAKE_TOOL_ARGUMENTS)}}}`;
  }

  /** The whole non-streamed answer. */
  completion(id: string, plan: ReplyPlan): string {
    const choices: string[] = [];
    for (let index = 0; index < plan.n; index++) {
      if (plan.kind === 'completion') {
        choices.push(`{"text":${this.replyJson},"index":${index},"logprobs":null,"finish_reason":"stop"}`);
      } else if (plan.toolName !== undefined) {
        choices.push(
          `{"index":${index},"message":{"role":"assistant","content":null,"tool_calls":[${this.toolCallJson(plan, index)}],"refusal":null},"logprobs":null,"finish_reason":"tool_calls"}`,
        );
      } else {
        choices.push(
          `{"index":${index},"message":{"role":"assistant","content":${this.replyJson},"refusal":null},"logprobs":null,"finish_reason":"stop"}`,
        );
      }
    }
    const object = plan.kind === 'chat' ? 'chat.completion' : 'text_completion';
    return `{"id":"${id}","object":"${object}","created":${this.created},"model":${this.model(plan.model)},"choices":[${choices.join(',')}],"usage":${this.usage(plan)},"system_fingerprint":"fp_fake"}`;
  }

  /** The SSE events of a streamed answer, `data: [DONE]` last. */
  chunks(id: string, plan: ReplyPlan, includeUsage: boolean): string[] {
    const object = plan.kind === 'chat' ? 'chat.completion.chunk' : 'text_completion';
    const head = `data: {"id":"${id}","object":"${object}","created":${this.created},"model":${this.model(plan.model)},"system_fingerprint":"fp_fake","choices":[`;
    const tail = includeUsage ? '],"usage":null}\n\n' : ']}\n\n';
    const events: string[] = [];
    const choice = (index: number, body: string, finish: string | null) =>
      plan.kind === 'chat'
        ? `{"index":${index},"delta":${body},"logprobs":null,"finish_reason":${finish === null ? 'null' : `"${finish}"`}}`
        : `{"text":${body},"index":${index},"logprobs":null,"finish_reason":${finish === null ? 'null' : `"${finish}"`}}`;

    for (let index = 0; index < plan.n; index++) {
      if (plan.kind === 'chat') events.push(head + choice(index, '{"role":"assistant","content":"","refusal":null}', null) + tail);
      if (plan.kind === 'chat' && plan.toolName !== undefined) {
        events.push(
          head +
            choice(
              index,
              `{"tool_calls":[{"index":0,"id":"call_fake_${index}","type":"function","function":{"name":${JSON.stringify(plan.toolName)},"arguments":""}}]}`,
              null,
            ) +
            tail,
        );
        for (const piece of TOOL_ARGUMENT_PIECES) {
          events.push(head + choice(index, `{"tool_calls":[{"index":0,"function":{"arguments":${JSON.stringify(piece)}}}]}`, null) + tail);
        }
        events.push(head + choice(index, '{}', 'tool_calls') + tail);
        continue;
      }
      for (const piece of this.pieces) {
        events.push(head + choice(index, plan.kind === 'chat' ? `{"content":${piece}}` : piece, null) + tail);
      }
      events.push(head + choice(index, plan.kind === 'chat' ? '{}' : '""', 'stop') + tail);
    }
    if (includeUsage) {
      events.push(
        `data: {"id":"${id}","object":"${object}","created":${this.created},"model":${this.model(plan.model)},"system_fingerprint":"fp_fake","choices":[],"usage":${this.usage(plan)}}\n\n`,
      );
    }
    events.push('data: [DONE]\n\n');
    return events;
  }

  embeddings(model: string, inputs: readonly string[], dimensions: number, base64: boolean): string {
    let tokens = 0;
    const data = inputs.map((input, index) => {
      tokens += countWords(input);
      const vector = fakeVector(input, dimensions);
      const embedding = base64 ? JSON.stringify(Buffer.from(new Float32Array(vector).buffer).toString('base64')) : `[${vector.join(',')}]`;
      return `{"object":"embedding","index":${index},"embedding":${embedding}}`;
    });
    return `{"object":"list","data":[${data.join(',')}],"model":${this.model(model)},"usage":{"prompt_tokens":${tokens},"total_tokens":${tokens}}}`;
  }

  models(names: readonly string[]): string {
    const data = names.map((name) => `{"id":${JSON.stringify(name)},"object":"model","created":${this.created},"owned_by":"fake"}`);
    return `{"object":"list","data":[${data.join(',')}]}`;
  }
}

export function errorBody(status: number, message: string): string {
  const type = status === 429 ? 'requests' : status >= 500 ? 'server_error' : 'invalid_request_error';
  const code = status === 429 ? '"rate_limit_exceeded"' : status === 401 ? '"invalid_api_key"' : 'null';
  return `{"error":{"message":${JSON.stringify(message)},"type":"${type}","param":null,"code":${code}}}`;
}

export function countWords(text: string): number {
  const words = text.match(/\S+/g);
  return words === null ? 0 : words.length;
}

/** A deterministic vector per input: equal texts embed equally. */
export function fakeVector(input: string, dimensions: number): number[] {
  let hash = 0x811c9dc5;
  for (let index = 0; index < input.length; index++) hash = Math.imul(hash ^ input.charCodeAt(index), 0x01000193);
  const vector = new Array<number>(dimensions);
  for (let index = 0; index < dimensions; index++) {
    hash = Math.imul(hash ^ (hash >>> 15), 0x2c1b3c6d) >>> 0;
    // Multiples of 1/1024 survive the float32 round trip of base64 encoding exactly.
    vector[index] = ((hash % 2048) - 1024) / 1024;
  }
  return vector;
}
