import { CairnError } from '../../errors/index.js';
import type { GenerateResult, LanguageModel, Usage } from '../../providers/index.js';
import type { ServedEntityRuntime } from '../endpoint-runtime.js';
import { describeFieldErrors, MAX_FIELD_ERRORS } from '../signature/index.js';
import type { Invocation } from './invocation.js';
import { abortable, type ModelCallContext, setServedHeader, timed, withResilience } from './model-calls.js';
import { checkOutput } from './policy-gate.js';
import { textLeaves } from './record-texts.js';

/** Logged in the inference table's `logging_error_codes` when predictions do not match the output signature. */
export const OUTPUT_SIGNATURE_MISMATCH = 'OUTPUT_SIGNATURE_MISMATCH';

/** Capability flag, not identity: a model takes records when it says so and has `doPredict`. */
export function takesRecords(model: LanguageModel): boolean {
  return model.capabilities.predict === true && typeof model.doPredict === 'function';
}

/**
 * Runs once the traffic routes have picked the entity, before admission and guardrails: keeps the input form that
 * entity takes (records + params, or one prompt per record) and, for records, enforces its input and params
 * signature — a request that does not match is a 400 that costs neither a rate-limit slot nor a model call.
 */
export function preparePredict(call: Invocation, served: ServedEntityRuntime): void {
  if (takesRecords(served.model)) {
    call.prompts = undefined;
    call.records ??= [];
    call.predictParams ??= {};
    checkInputSignature(call, served);
  } else {
    call.records = undefined;
    call.predictParams = undefined;
  }
}

function checkInputSignature(call: Invocation, served: ServedEntityRuntime): void {
  const signature = served.signature;
  if (!signature) return;
  const fields = [...signature.checkInputs(call.records ?? []), ...signature.checkParams(call.predictParams ?? {})].slice(0, MAX_FIELD_ERRORS);
  if (fields.length === 0) return;
  throw new CairnError('SIGNATURE_MISMATCH', `The request does not match the signature of served entity ${served.entity.name}: ${describeFieldErrors(fields)}.`, {
    details: { fields },
  });
}

export async function predict(context: ModelCallContext): Promise<void> {
  if (context.call.records) await predictRecords(context);
  else await predictPrompts(context);
}

/** Models with `capabilities.predict`: one doPredict call with every record; `{predictions}` back, Databricks' shape. */
async function predictRecords(context: ModelCallContext): Promise<void> {
  const { call, state, signal } = context;
  const routed = state.served!;
  const records = call.records ?? [];
  const params = call.predictParams ?? {};
  const result = await withResilience(context, (served) => {
    // A fallback entity may be another kind of model, or have another signature.
    if (served !== routed) {
      if (!takesRecords(served.model)) throw new CairnError('CAPABILITY_NOT_SUPPORTED', `Served entity ${served.entity.name} does not take records.`);
      checkInputSignature(call, served);
    }
    return timed(call.request, () => abortable(served.model.doPredict!({ records, params, signal, requestId: call.request.id }), signal));
  });
  setServedHeader(context);
  const predictions: unknown[] = Array.isArray(result.predictions) ? result.predictions : [result.predictions];
  checkOutputSignature(context, predictions);
  await guardPredictions(context, predictions);
  state.usage = result.usage;
  state.ttftMs = performance.now() - call.request.startedAt;
  state.response = { predictions };
  call.reply.send(state.response);
}

/**
 * An answer that breaks the model's own output signature is the model's bug, not the caller's: the caller still
 * gets it, and the call is marked in the inference table and counted, so the owner sees it.
 */
function checkOutputSignature(context: ModelCallContext, predictions: readonly unknown[]): void {
  const served = context.state.served;
  if (!served?.signature || served.signature.checkOutputs(predictions).length === 0) return;
  context.state.loggingErrorCodes.push(OUTPUT_SIGNATURE_MISMATCH);
  context.metrics.signatureOutputMismatch(context.call.endpointName, served.entity.name);
}

/** Output guardrails see every string inside the predictions; masks are written back in place. */
async function guardPredictions(context: ModelCallContext, predictions: unknown[]): Promise<void> {
  const { call, state, policy, metrics, signal } = context;
  if (policy.guardrails.output.isEmpty) return;
  const leaves = textLeaves(predictions);
  if (leaves.length === 0) return;
  const texts: GenerateResult = { choices: leaves.map((leaf, index) => ({ index, text: leaf.text, finishReason: 'stop' })) };
  await checkOutput(call, state, policy, metrics, texts, signal);
  texts.choices.forEach((choice, index) => {
    const leaf = leaves[index]!;
    if (choice.text !== leaf.text) leaf.set(choice.text);
  });
}

/** Models without `capabilities.predict`: one completion per record's prompt (the demo and chat models). */
async function predictPrompts(context: ModelCallContext): Promise<void> {
  const { call, state, signal } = context;
  const predictions: string[] = [];
  const usage: Usage = { inputTokens: 0, outputTokens: 0 };
  for (const prompt of call.prompts ?? []) {
    const result = await withResilience(context, (served) =>
      timed(call.request, () => abortable(served.model.doGenerate({ input: { kind: 'completion', prompt }, params: call.params, signal, requestId: call.request.id }), signal)));
    await checkOutput(call, state, context.policy, context.metrics, result, signal);
    predictions.push(result.choices[0]?.text ?? '');
    usage.inputTokens += result.usage?.inputTokens ?? 0;
    usage.outputTokens += result.usage?.outputTokens ?? 0;
  }
  setServedHeader(context);
  state.usage = usage;
  state.ttftMs = performance.now() - call.request.startedAt;
  state.response = { predictions };
  call.reply.send(state.response);
}
