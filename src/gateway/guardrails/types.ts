/**
 * The guardrail contract. Each guardrail is one file exporting a factory that returns a `Guardrail`; it looks at
 * the texts of one call (segments) and returns one verdict. The engine (`guardrail-engine.ts`) runs a stage's
 * guardrails, combines their verdicts and applies masks; the pipeline only sees the combined outcome.
 */

export type GuardrailStage = 'input' | 'output';

/** Ordered from weakest to strongest; the combined outcome takes the strongest action of its verdicts. */
export type GuardrailAction = 'allow' | 'flag' | 'mask' | 'block';

/** Where a segment came from: a chat role, a completion prompt, or model output. */
export type SegmentSource = 'system' | 'developer' | 'user' | 'assistant' | 'tool' | 'prompt' | 'completion';

/** One text of a call a guardrail looks at: a message's text content, a prompt, an embedding input, an answer. */
export interface TextSegment {
  source: SegmentSource;
  text: string;
  /** Position of the message / prompt / choice in the request or response (for findings and masking). */
  index: number;
}

export interface GuardrailFinding {
  /** What was found: a PII type (`EMAIL`), `injection`, `keyword`, `off_topic`, a custom guardrail's name… */
  type: string;
  /** Index into the segments the guardrail was given. */
  segment: number;
  /** UTF-16 offsets into that segment's text, end-exclusive; absent when the finding is about the whole text. */
  start?: number;
  end?: number;
  score?: number;
  /** Short, value-free description (never the matched text itself: findings are logged and stored). */
  detail?: string;
}

export interface GuardrailVerdict {
  /** The guardrail's stable name: `pii`, `prompt_injection`, `invalid_keywords`, `valid_topics`, … */
  guardrail: string;
  stage: GuardrailStage;
  action: GuardrailAction;
  findings: GuardrailFinding[];
  /** The guardrail's score where it has one (injection probability, best topic similarity…). */
  score?: number;
  /** When action is `mask`: the segments' texts with the findings replaced, same length and order as given. */
  masked?: string[];
  /** Set when the guardrail itself failed (webhook down…); `action` then follows its fail-open/closed setting. */
  error?: string;
  latency_ms?: number;
}

export interface GuardrailContext {
  stage: GuardrailStage;
  endpointName: string;
  requestId: string;
  /** Aborted when the call ends; guardrails doing I/O must stop. */
  signal: AbortSignal;
  /** Output stage: the JSON schema of the request's `response_format: json_schema`, when it has one. */
  responseSchema?: Record<string, unknown>;
  /**
   * Set by the stream guard: the texts are a window of a stream that goes on, so something cut off at a text's end
   * (a link, an e-mail address) may not be complete yet. Guardrails that mask should then mask or hold what runs
   * into the end rather than judge a prefix.
   */
  partial?: boolean;
}

export interface Guardrail {
  readonly name: string;
  /**
   * On streams: the guardrail judges the whole answer once, at the end (a JSON schema, a topic, a webhook), instead
   * of every window. A block then ends the stream with an error event after the text already sent.
   */
  readonly wholeText?: boolean;
  /** On streams: the longest text (UTF-16 units) the guardrail must see in one piece, e.g. its longest keyword. */
  readonly streamWindow?: number;
  /**
   * Checks what the request itself asks of the guardrail before the model is called (e.g. a `response_format`
   * schema that does not compile) and throws a CairnError (400) when it cannot be honoured.
   */
  prepare?(context: GuardrailContext): void;
  /**
   * Judges the segments. Synchronous guardrails return the verdict directly, so the common all-local path costs no
   * promise per guardrail. Must not throw for any text; a failure becomes a verdict with `error`.
   */
  check(segments: readonly TextSegment[], context: GuardrailContext): GuardrailVerdict | Promise<GuardrailVerdict>;
}

/** A stage's combined result. */
export interface GuardrailOutcome {
  action: GuardrailAction;
  verdicts: GuardrailVerdict[];
  /** The segments after masking (the originals when nothing was masked). */
  segments: TextSegment[];
  /** The first guardrail whose verdict was `block`. */
  blockedBy?: string;
}

/**
 * Output guardrails over a stream: text is held back in a sliding window until the guardrails have seen enough of
 * it; `release` is what may go to the client now. Once an outcome blocks, nothing more is released (SEC-OUT-4).
 */
export interface StreamGuard {
  push(text: string, choiceIndex: number): StreamGuardStep | Promise<StreamGuardStep>;
  /** The stream ended: judge the held-back tail and release what is allowed. */
  finish(choiceIndex: number): StreamGuardStep | Promise<StreamGuardStep>;
  /** Every verdict so far, for capture. */
  verdicts(): GuardrailVerdict[];
}

export interface StreamGuardStep {
  release: string;
  /** Present when this step blocked (action `block`): stop relaying and end the stream with an error event. */
  blocked?: GuardrailOutcome;
}

/** Texts embedded for `valid_topics`: the demo embedder by default, or a configured embedding endpoint. */
export interface Embedder {
  embed(texts: string[], signal: AbortSignal): Promise<number[][]>;
  /** Present when embedding is local and synchronous (the demo embedder): keeps `valid_topics` promise-free. */
  embedSync?(texts: string[]): number[][];
}
