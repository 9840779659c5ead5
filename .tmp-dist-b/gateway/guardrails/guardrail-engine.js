import { CairnError, isCairnError } from '../../errors/index.js';
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
import { createValidTopicsGuardrail, DEMO_TOPIC_THRESHOLD, ENDPOINT_TOPIC_THRESHOLD } from './valid-topics.js';
import { createWebhookGuardrail } from './webhook-guardrail.js';
/** Verdict names of the built-in guardrails; custom guardrails may not take them. */
export const BUILT_IN_GUARDRAILS = ['pii', 'prompt_injection', 'invalid_keywords', 'valid_topics', 'max_input_tokens', 'json_schema', 'markdown_links'];
const SAFETY_THRESHOLD = 0.5;
let sharedDemoEmbedder;
function compileError(guardrail, stage, error) {
    if (isCairnError(error))
        return error;
    return new CairnError('INVALID_PARAMETER_VALUE', `Guardrail ${guardrail} (${stage}): ${error instanceof Error ? error.message : String(error)}`, {
        details: { guardrail, stage },
    });
}
function build(guardrail, stage, create) {
    try {
        return create();
    }
    catch (error) {
        throw compileError(guardrail, stage, error);
    }
}
function injectionGuardrail(parameters, stage) {
    const explicit = parameters.prompt_injection;
    if (explicit) {
        if (explicit.behavior === 'NONE')
            return undefined;
        return build('prompt_injection', stage, () => createPromptInjectionGuardrail({
            behavior: explicit.behavior,
            threshold: explicit.threshold,
            scanHistory: explicit.scan_history,
            ...(explicit.scan_roles ? { scanRoles: explicit.scan_roles } : {}),
        }));
    }
    if (parameters.safety !== true)
        return undefined;
    return build('prompt_injection', stage, () => createPromptInjectionGuardrail({ behavior: stage === 'input' ? 'BLOCK' : 'FLAG', threshold: SAFETY_THRESHOLD, scanHistory: true }));
}
function customGuardrail(custom, stage, dependencies) {
    if (custom.type === 'regex') {
        return build(custom.name, stage, () => createRegexGuardrail({ name: custom.name, pattern: custom.pattern, behavior: custom.behavior, ...(custom.flags ? { flags: custom.flags } : {}) }));
    }
    let authToken;
    if (custom.auth_secret) {
        authToken = dependencies.webhookToken?.(custom.auth_secret);
        if (authToken === undefined) {
            throw new CairnError('INVALID_PARAMETER_VALUE', `Custom guardrail "${custom.name}": secret ${custom.auth_secret} could not be resolved.`, { details: { guardrail: custom.name, stage } });
        }
    }
    return build(custom.name, stage, () => createWebhookGuardrail({ name: custom.name, url: custom.url, timeoutMs: custom.timeout_ms, onError: custom.on_error, ...(authToken !== undefined ? { authToken } : {}) }));
}
function topicsGuardrail(parameters, stage, dependencies) {
    const endpoint = parameters.topic_embedding_endpoint;
    return build('valid_topics', stage, () => {
        let embedder = dependencies.embedderFor?.(endpoint);
        if (!embedder) {
            if (endpoint !== undefined)
                throw new Error(`embeddings through endpoint ${endpoint} are not available here`);
            embedder = sharedDemoEmbedder ??= createDemoEmbedder();
        }
        const threshold = parameters.topic_threshold ?? (endpoint !== undefined ? ENDPOINT_TOPIC_THRESHOLD : DEMO_TOPIC_THRESHOLD);
        return createValidTopicsGuardrail({ topics: parameters.valid_topics ?? [], threshold, embedder });
    });
}
/** A stage's guardrails in run order (see the file comment). */
export function stageGuardrails(parameters, stage, dependencies) {
    if (!parameters)
        return [];
    const guardrails = [];
    const customs = parameters.custom ?? [];
    const names = new Set();
    for (const custom of customs) {
        if (BUILT_IN_GUARDRAILS.includes(custom.name) || names.has(custom.name)) {
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
    for (const custom of customs)
        if (custom.type === 'regex')
            guardrails.push(customGuardrail(custom, stage, dependencies));
    const pii = parameters.pii;
    if (pii && pii.behavior !== 'NONE') {
        const behavior = pii.behavior;
        guardrails.push(build('pii', stage, () => createPiiGuardrail({ behavior, ...(pii.types ? { types: pii.types } : {}) })));
    }
    const injection = injectionGuardrail(parameters, stage);
    if (injection)
        guardrails.push(injection);
    if (parameters.markdown_links) {
        const allowedHosts = parameters.markdown_links.allowed_hosts;
        guardrails.push(build('markdown_links', stage, () => createMarkdownLinksGuardrail({ allowedHosts })));
    }
    if (parameters.json_schema) {
        const behavior = parameters.json_schema.behavior;
        guardrails.push(build('json_schema', stage, () => createJsonSchemaOutputGuardrail({ behavior })));
    }
    if (parameters.valid_topics && parameters.valid_topics.length > 0)
        guardrails.push(topicsGuardrail(parameters, stage, dependencies));
    for (const custom of customs)
        if (custom.type === 'webhook')
            guardrails.push(customGuardrail(custom, stage, dependencies));
    return guardrails;
}
/** A runner over given guardrails (the engine's, or a test's or the CLI's own list). */
export function createStageRunner(stage, guardrails) {
    const preparing = guardrails.filter((guardrail) => guardrail.prepare !== undefined);
    const windowGuardrails = guardrails.filter((guardrail) => !guardrail.wholeText);
    const wholeTextGuardrails = guardrails.filter((guardrail) => guardrail.wholeText);
    return {
        stage,
        isEmpty: guardrails.length === 0,
        guardrails: guardrails.map((guardrail) => guardrail.name),
        prepare(context) {
            for (const guardrail of preparing)
                guardrail.prepare(context);
        },
        run(segments, context) {
            // Nothing to run: the segments as given, no copy.
            if (guardrails.length === 0)
                return { action: 'allow', verdicts: [], segments: segments };
            return runGuardrails(guardrails, segments, context);
        },
        streamGuard(context) {
            return createStreamGuard({ windowGuardrails, wholeTextGuardrails, context });
        },
    };
}
export function compileGuardrails(config, dependencies) {
    const input = createStageRunner('input', stageGuardrails(config?.input, 'input', dependencies));
    const output = createStageRunner('output', stageGuardrails(config?.output, 'output', dependencies));
    return { input, output, empty: input.isEmpty && output.isEmpty };
}
//# sourceMappingURL=guardrail-engine.js.map