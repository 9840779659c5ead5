import { CairnError, isCairnError } from '../../errors/index.js';
import type { EntityType } from '../pii/index.js';
import type { CustomGuardrailConfig, GuardrailParameters, GuardrailsConfig } from '../policy/ai-gateway-config.js';
import { createDemoEmbedder } from './demo-embedder.js';
import { createInvalidKeywordsGuardrail } from './invalid-keywords.js';
import { createJsonSchemaOutputGuardrail } from './json-schema-output.js';
import { createMarkdownLinksGuardrail } from './markdown-links.js';
import { createMaxInputTokensGuardrail } from './max-input-tokens.js';
import { createPiiGuardrail } from './pii-guardrail.js';
import { createPromptInjectionGuardrail } from './prompt-injection-guardrail.js';
import { createRegexGuardrail } from './regex-guardrail.js';
import { runGuardrails } from './run-guardrails.js';
import { createStreamGuard } from './stream-guard.js';
import type { Embedder, Guardrail, GuardrailContext, GuardrailOutcome, GuardrailStage, StreamGuard, TextSegment } from './types.js';
import { createValidTopicsGuardrail, DEMO_TOPIC_THRESHOLD, ENDPOINT_TOPIC_THRESHOLD } from './valid-topics.js';
import { createWebhookGuardrail } from './webhook-guardrail.js';

/**
 * Turns an endpoint's `guardrails` config into two runners (input, output). Compiled once per config version, so
 * the request path only runs prepared matchers. Order within a stage: cheap local checks that can block first
 * (token count, keywords, custom regexes), then PII masking and injection scoring, then output-only checks, then
 * what may call out (topics with an embedding endpoint, webhooks) — a block stops the run, so a blocked call
 * never pays for a remote check.
 *
 * `safety: true` (Databricks' flag) means prompt-injection detection at threshold 0.5: blocking on input, flagging
 * on output; an explicit `prompt_injection` entry overrides it (behavior NONE turns it off).
 */

export interface GuardrailDependencies {
  /** The embedder for `valid_topics`: a configured endpoint's, or (undefined name) the demo embedder; undefined: the built-in demo embedder. */
  embedderFor?(endpointName: string | undefined): Embedder | undefined;
  countTokens(text: string): number;
  /** A webhook's bearer secret, resolved from the secret store before compiling. */
  webhookToken?(secretReference: string): string | undefined;
}

export interface GuardrailStageRunner {
  readonly stage: GuardrailStage;
  readonly isEmpty: boolean;
  /** The guardrails' names, in the order they run. */
  readonly guardrails: readonly string[];
  /**
   * Call before the model: throws a 400 CairnError when the request asks something the guardrails cannot honour
   * (a `response_format` JSON schema that does not compile). Cheap when no guardrail needs it.
   */
  prepare(context: GuardrailContext): void;
  /** Synchronous when every guardrail of the stage answered synchronously. */
  run(segments: readonly TextSegment[], context: GuardrailContext): GuardrailOutcome | Promise<GuardrailOutcome>;
  streamGuard(context: GuardrailContext): StreamGuard;
}

export interface CompiledGuardrails {
  input: GuardrailStageRunner;
  output: GuardrailStageRunner;
  /** Neither stage has a guardrail. */
  empty: boolean;
}

/** Verdict names of the built-in guardrails; custom guardrails may not take them. */
export const BUILT_IN_GUARDRAILS = ['pii', 'prompt_injection', 'invalid_keywords', 'valid_topics', 'max_input_tokens', 'json_schema', 'markdown_links'] as const;

const SAFETY_THRESHOLD = 0.5;

let sharedDemoEmbedder: Embedder | undefined;

function compileError(guardrail: string, stage: GuardrailStage, error: unknown): CairnError {
  if (isCairnError(error)) return error;
  return new CairnError('INVALID_PARAMETER_VALUE', `Guardrail ${guardrail} (${stage}): ${error instanceof Error ? error.message : String(error)}`, {
    details: { guardrail, stage },
  });
}

function build(guardrail: string, stage: GuardrailStage, create: () => Guardrail): Guardrail {
  try {
    return create();
  } catch (error) {
    throw compileError(guardrail, stage, error);
  }
}

function injectionGuardrail(parameters: GuardrailParameters, stage: GuardrailStage): Guardrail | undefined {
  const explicit = parameters.prompt_injection;
  if (explicit) {
    if (explicit.behavior === 'NONE') return undefined;
    return build('prompt_injection', stage, () =>
      createPromptInjectionGuardrail({
        behavior: explicit.behavior as 'FLAG' | 'BLOCK',
        threshold: explicit.threshold,
        scanHistory: explicit.scan_history,
        ...(explicit.scan_roles ? { scanRoles: explicit.scan_roles } : {}),
      }),
    );
  }
  if (parameters.safety !== true) return undefined;
  return build('prompt_injection', stage, () =>
    createPromptInjectionGuardrail({ behavior: stage === 'input' ? 'BLOCK' : 'FLAG', threshold: SAFETY_THRESHOLD, scanHistory: true }),
  );
}

function customGuardrail(custom: CustomGuardrailConfig, stage: GuardrailStage, dependencies: GuardrailDependencies): Guardrail {
  if (custom.type === 'regex') {
    return build(custom.name, stage, () =>
      createRegexGuardrail({ name: custom.name, pattern: custom.pattern, behavior: custom.behavior, ...(custom.flags ? { flags: custom.flags } : {}) }),
    );
  }
  let authToken: string | undefined;
  if (custom.auth_secret) {
    authToken = dependencies.webhookToken?.(custom.auth_secret);
    if (authToken === undefined) {
      throw new CairnError('INVALID_PARAMETER_VALUE', `Custom guardrail "${custom.name}": secret ${custom.auth_secret} could not be resolved.`, { details: { guardrail: custom.name, stage } });
    }
  }
  return build(custom.name, stage, () =>
    createWebhookGuardrail({ name: custom.name, url: custom.url, timeoutMs: custom.timeout_ms, onError: custom.on_error, ...(authToken !== undefined ? { authToken } : {}) }),
  );
}

function topicsGuardrail(parameters: GuardrailParameters, stage: GuardrailStage, dependencies: GuardrailDependencies): Guardrail {
  const endpoint = parameters.topic_embedding_endpoint;
  return build('valid_topics', stage, () => {
    let embedder = dependencies.embedderFor?.(endpoint);
    if (!embedder) {
      if (endpoint !== undefined) throw new Error(`embeddings through endpoint ${endpoint} are not available here`);
      embedder = sharedDemoEmbedder ??= createDemoEmbedder();
    }
    const threshold = parameters.topic_threshold ?? (endpoint !== undefined ? ENDPOINT_TOPIC_THRESHOLD : DEMO_TOPIC_THRESHOLD);
    return createValidTopicsGuardrail({ topics: parameters.valid_topics ?? [], threshold, embedder });
  });
}

/** A stage's guardrails in run order (see the file comment). */
export function stageGuardrails(parameters: GuardrailParameters | undefined, stage: GuardrailStage, dependencies: GuardrailDependencies): Guardrail[] {
  if (!parameters) return [];
  const guardrails: Guardrail[] = [];
  const customs = parameters.custom ?? [];
  const names = new Set<string>();
  for (const custom of customs) {
    if ((BUILT_IN_GUARDRAILS as readonly string[]).includes(custom.name) || names.has(custom.name)) {
      throw new CairnError('INVALID_PARAMETER_VALUE', `Custom guardrail "${custom.name}" (${stage}): the name is taken; give each custom guardrail its own name, not a built-in one.`, {
        details: { guardrail: custom.name, stage },
      });
    }
    names.add(custom.name);
  }

  if (parameters.max_input_tokens !== undefined) {
    const limit = parameters.max_input_tokens;
    guardrails.push(build('max_input_tokens', stage, () => createMaxInputTokensGuardrail({ limit, countTokens: dependencies.countTokens })));
  }
  if (parameters.invalid_keywords && parameters.invalid_keywords.length > 0) {
    const keywords = parameters.invalid_keywords;
    guardrails.push(build('invalid_keywords', stage, () => createInvalidKeywordsGuardrail({ keywords })));
  }
  for (const custom of customs) if (custom.type === 'regex') guardrails.push(customGuardrail(custom, stage, dependencies));
  const pii = parameters.pii;
  if (pii && pii.behavior !== 'NONE') {
    const behavior = pii.behavior;
    guardrails.push(build('pii', stage, () => createPiiGuardrail({ behavior, ...(pii.types ? { types: pii.types as readonly EntityType[] } : {}) })));
  }
  const injection = injectionGuardrail(parameters, stage);
  if (injection) guardrails.push(injection);
  if (parameters.markdown_links) {
    const allowedHosts = parameters.markdown_links.allowed_hosts;
    guardrails.push(build('markdown_links', stage, () => createMarkdownLinksGuardrail({ allowedHosts })));
  }
  if (parameters.json_schema) {
    const behavior = parameters.json_schema.behavior;
    guardrails.push(build('json_schema', stage, () => createJsonSchemaOutputGuardrail({ behavior })));
  }
  if (parameters.valid_topics && parameters.valid_topics.length > 0) guardrails.push(topicsGuardrail(parameters, stage, dependencies));
  for (const custom of customs) if (custom.type === 'webhook') guardrails.push(customGuardrail(custom, stage, dependencies));
  return guardrails;
}

/** A runner over given guardrails (the engine's, or a test's or the CLI's own list). */
export function createStageRunner(stage: GuardrailStage, guardrails: readonly Guardrail[]): GuardrailStageRunner {
  const preparing = guardrails.filter((guardrail) => guardrail.prepare !== undefined);
  const windowGuardrails = guardrails.filter((guardrail) => !guardrail.wholeText);
  const wholeTextGuardrails = guardrails.filter((guardrail) => guardrail.wholeText);
  return {
    stage,
    isEmpty: guardrails.length === 0,
    guardrails: guardrails.map((guardrail) => guardrail.name),
    prepare(context) {
      for (const guardrail of preparing) guardrail.prepare!(context);
    },
    run(segments, context) {
      // Nothing to run: the segments as given, no copy.
      if (guardrails.length === 0) return { action: 'allow', verdicts: [], segments: segments as TextSegment[] };
      return runGuardrails(guardrails, segments, context);
    },
    streamGuard(context) {
      return createStreamGuard({ windowGuardrails, wholeTextGuardrails, context });
    },
  };
}

export function compileGuardrails(config: GuardrailsConfig | undefined, dependencies: GuardrailDependencies): CompiledGuardrails {
  const input = createStageRunner('input', stageGuardrails(config?.input, 'input', dependencies));
  const output = createStageRunner('output', stageGuardrails(config?.output, 'output', dependencies));
  return { input, output, empty: input.isEmpty && output.isEmpty };
}
