import { CairnError } from '../../errors/index.js';
import { seededRandom } from '../../lib/seeded-random.js';
import { abortErrorFrom } from '../abort-error.js';
import type {
  EmbedRequest,
  EmbedResult,
  GenerateRequest,
  GenerateResult,
  LanguageModel,
  StreamPart,
} from '../spec.js';
import { ChoiceGenerator } from './choice-generator.js';
import { demoNgramModel } from './demo-corpus.js';
import { resolveDemoSettings } from './demo-params.js';
import { chatSetup, completionSetup, countInputTokens, inputFingerprint } from './demo-prompt.js';
import { DEMO_EMBEDDING_DIMENSIONS, hashedEmbedding } from './hashed-embedding.js';
import { hashParts } from './sampling.js';
import { countTokens } from './tokenizer.js';

export interface DemoModelOptions {
  /** Pause between streamed tokens, so tests and demos can watch a slow stream. Default 0. */
  tokenDelayMs?: number;
}

interface Plan {
  choices: ChoiceGenerator[];
  inputTokens: number;
  warnings: string[];
}

function plan(request: GenerateRequest): Plan {
  const model = demoNgramModel();
  const settings = resolveDemoSettings(request.params);
  const fingerprint = settings.seed === undefined ? '' : inputFingerprint(request.input);
  const choices: ChoiceGenerator[] = [];
  for (let index = 0; index < settings.n; index++) {
    // Without a seed each call is fresh; with one, (seed, input, choice) fixes the whole answer.
    const random = seededRandom(
      settings.seed === undefined ? Math.floor(Math.random() * 2 ** 32) : hashParts(settings.seed, fingerprint, index),
    );
    const greedy = settings.controls.temperature === 0;
    const setup =
      request.input.kind === 'chat'
        ? chatSetup(model, request.input.messages, greedy ? null : random)
        : completionSetup(model, request.input.prompt);
    choices.push(new ChoiceGenerator(model, setup, settings.controls, settings, random));
  }
  return { choices, inputTokens: countInputTokens(request.input), warnings: settings.warnings };
}

function outputTokens(choices: readonly ChoiceGenerator[]): number {
  return choices.reduce((sum, choice) => sum + choice.tokensGenerated, 0);
}

function sleep(milliseconds: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.reject(abortErrorFrom(signal));
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortErrorFrom(signal));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, milliseconds);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

async function* streamDemo(request: GenerateRequest, tokenDelayMs: number): AsyncGenerator<StreamPart> {
  if (request.signal.aborted) throw abortErrorFrom(request.signal);
  const { choices, inputTokens, warnings } = plan(request);
  yield { type: 'metadata', model: 'demo' };
  for (const message of warnings) yield { type: 'warning', message };
  let unfinished = choices.length;
  while (unfinished > 0) {
    // Choices advance a token each in turn, as a model serving n > 1 would interleave them.
    for (const [index, choice] of choices.entries()) {
      if (choice.finished) continue;
      const step = choice.step();
      if (request.signal.aborted) throw abortErrorFrom(request.signal);
      if (step.delta.length > 0) yield { type: 'text-delta', index, text: step.delta };
      if (step.finishReason !== null) {
        unfinished--;
        yield { type: 'finish', index, finishReason: step.finishReason };
      }
    }
    if (tokenDelayMs > 0 && unfinished > 0) await sleep(tokenDelayMs, request.signal);
    if (request.signal.aborted) throw abortErrorFrom(request.signal);
  }
  yield { type: 'usage', usage: { inputTokens, outputTokens: outputTokens(choices) } };
}

/**
 * The built-in demo model: a word-level n-gram model trained at start-up on `assets/demo-corpus.txt`,
 * with real sampling (temperature, top_p, seed, max_tokens, stop, penalties, n) and hashed character
 * n-gram embeddings. It is a demo: its answers are plausible-sounding text, not knowledge.
 */
export function createDemoModel(options: DemoModelOptions = {}): LanguageModel {
  const tokenDelayMs = options.tokenDelayMs ?? 0;
  demoNgramModel(); // train now, not on the first request

  return {
    provider: 'demo',
    modelName: 'demo',
    capabilities: { chat: true, completions: true, embeddings: true, streaming: true },

    async doGenerate(request: GenerateRequest): Promise<GenerateResult> {
      if (request.signal.aborted) throw abortErrorFrom(request.signal);
      const { choices, inputTokens, warnings } = plan(request);
      for (const choice of choices) while (!choice.finished) choice.step();
      const result: GenerateResult = {
        model: 'demo',
        choices: choices.map((choice, index) => ({ index, text: choice.output, finishReason: choice.finishReason ?? 'stop' })),
        usage: { inputTokens, outputTokens: outputTokens(choices) },
      };
      if (warnings.length > 0) result.warnings = warnings;
      return result;
    },

    doStream(request: GenerateRequest): AsyncIterable<StreamPart> {
      return streamDemo(request, tokenDelayMs);
    },

    async doEmbed(request: EmbedRequest): Promise<EmbedResult> {
      if (request.signal.aborted) throw abortErrorFrom(request.signal);
      const { dimensions = DEMO_EMBEDDING_DIMENSIONS } = request;
      if (!Number.isInteger(dimensions) || dimensions < 1) {
        throw new CairnError('INVALID_PARAMETER_VALUE', 'dimensions must be a positive integer.');
      }
      if (dimensions > DEMO_EMBEDDING_DIMENSIONS) {
        throw new CairnError(
          'CAPABILITY_NOT_SUPPORTED',
          `The demo model's embeddings have at most ${DEMO_EMBEDDING_DIMENSIONS} dimensions.`,
        );
      }
      let inputTokens = 0;
      const embeddings = request.input.map((text) => {
        inputTokens += countTokens(text);
        return hashedEmbedding(text, dimensions);
      });
      return { embeddings, model: 'demo', usage: { inputTokens, outputTokens: 0 } };
    },
  };
}
