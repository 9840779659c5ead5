import type { FinishReason } from '../spec.js';
import { EOS, type NgramModel, nextTokenDistribution } from './ngram-model.js';
import { type RandomSource, type SamplingControls, sampleToken } from './sampling.js';
import { capitalize, endsSentence, joinToken } from './tokenizer.js';

export interface ChoiceSetup {
  /** Token ids the model conditions on (BOS padding or the prompt's tail); -1 marks an unknown word. */
  context: number[];
  /** Surface form of the token right before the output, for spacing; undefined when no space is due. */
  previousSurface: string | undefined;
  /** Whether the output starts a sentence (and so a capital). */
  sentenceStart: boolean;
  /** A token the answer starts with (the chat keyword); it counts as generated. */
  forcedFirst?: number;
}

export interface GenerationLimits {
  maxTokens: number;
  stop: readonly string[];
}

export interface Step {
  /** Text safe to show now (may be empty while a possible stop sequence is held back). */
  delta: string;
  finishReason: FinishReason | null;
}

/**
 * Generates one choice a token at a time. Stop sequences may span tokens, so the last (longest stop − 1)
 * characters are held back until they cannot begin a stop sequence; the text shown therefore never
 * contains one, streamed or not.
 */
export class ChoiceGenerator {
  private readonly history: number[];
  private readonly counts = new Map<number, number>();
  private readonly holdBack: number;
  private previousSurface: string | undefined;
  private sentenceStart: boolean;
  private forced: number | undefined;
  private text = '';
  private emitted = 0;
  /** Tokens generated so far (EOS is not an output token). */
  tokensGenerated = 0;
  finishReason: FinishReason | null = null;

  constructor(
    private readonly model: NgramModel,
    setup: ChoiceSetup,
    private readonly controls: SamplingControls,
    private readonly limits: GenerationLimits,
    private readonly random: RandomSource,
  ) {
    this.history = [...setup.context];
    this.previousSurface = setup.previousSurface;
    this.sentenceStart = setup.sentenceStart;
    this.forced = setup.forcedFirst;
    this.holdBack = limits.stop.reduce((longest, stop) => Math.max(longest, stop.length - 1), 0);
  }

  get finished(): boolean {
    return this.finishReason !== null;
  }

  step(): Step {
    if (this.finishReason !== null) return { delta: '', finishReason: this.finishReason };
    let token = this.forced;
    this.forced = undefined;
    if (token === undefined) {
      token = sampleToken(nextTokenDistribution(this.model, this.history), this.controls, this.counts, this.random);
    }
    if (token === EOS) return this.finish('stop', this.text.length);

    this.tokensGenerated++;
    this.history.push(token);
    this.counts.set(token, (this.counts.get(token) ?? 0) + 1);
    const surface = this.sentenceStart ? capitalize(this.model.surfaces[token]!) : this.model.surfaces[token]!;
    this.sentenceStart = endsSentence(surface);
    const before = this.text.length;
    this.text += joinToken(this.previousSurface, surface);
    this.previousSurface = surface;

    const stopAt = this.findStop(Math.max(0, before - this.holdBack));
    if (stopAt >= 0) return this.finish('stop', stopAt);
    if (this.tokensGenerated >= this.limits.maxTokens) return this.finish('length', this.text.length);
    const safeEnd = this.text.length - this.holdBack;
    if (safeEnd <= this.emitted) return { delta: '', finishReason: null };
    const delta = this.text.slice(this.emitted, safeEnd);
    this.emitted = safeEnd;
    return { delta, finishReason: null };
  }

  /** The full text produced so far (after finishing: the answer). */
  get output(): string {
    return this.text;
  }

  private finish(reason: FinishReason, end: number): Step {
    this.text = this.text.slice(0, end);
    const delta = this.text.slice(this.emitted);
    this.emitted = this.text.length;
    this.finishReason = reason;
    return { delta, finishReason: reason };
  }

  private findStop(from: number): number {
    let earliest = -1;
    for (const stop of this.limits.stop) {
      const index = this.text.indexOf(stop, from);
      if (index >= 0 && (earliest < 0 || index < earliest)) earliest = index;
    }
    return earliest;
  }
}
