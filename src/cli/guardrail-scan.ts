import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { countTextTokens } from '../gateway/cost/index.js';
import {
  createMarkdownLinksGuardrail,
  createStageRunner,
  type Embedder,
  type GuardrailOutcome,
  type GuardrailStage,
  type GuardrailStageRunner,
  type GuardrailVerdict,
  stageGuardrails,
} from '../gateway/guardrails/index.js';
import { createPiiGuardrail } from '../gateway/guardrails/pii-guardrail.js';
import { createPromptInjectionGuardrail } from '../gateway/guardrails/prompt-injection-guardrail.js';
import { type GuardrailsConfig, guardrailsSchema } from '../gateway/policy/ai-gateway-config.js';
import { type ApiClient, segment } from './api-client.js';
import { usageError } from './argument-parsers.js';

/**
 * `cairn guardrails scan`: runs guardrails over a JSONL file of `{"text": …}` lines and writes one verdict per line,
 * so users see what a guardrail would do to their own data before switching it on. Loaded only by that command
 * (it pulls in the detectors and their models).
 */

export interface ScanFinding {
  guardrail: string;
  type: string;
  /** `[start, end)` UTF-16 offsets into the line's text; absent for a finding about the whole text. */
  start?: number;
  end?: number;
  score?: number;
  detail?: string;
}

export interface ScanResult {
  line: number;
  action: GuardrailOutcome['action'];
  findings: ScanFinding[];
  /** The prompt-injection guardrail's score and verdict, when it ran. */
  injection?: { score: number; verdict: GuardrailVerdict['action'] };
  /** The text after masking (the text itself when nothing was masked). */
  masked: string;
  verdicts: Array<{ guardrail: string; action: GuardrailVerdict['action']; score?: number; error?: string }>;
  blocked_by?: string;
}

export interface ScanError {
  line: number;
  error: string;
}

/** Without an endpoint: every built-in detector in report-only form (PII masked, injection flagged, links on output). */
export function builtInRunner(stage: GuardrailStage): GuardrailStageRunner {
  const guardrails = [createPiiGuardrail({ behavior: 'MASK' }), createPromptInjectionGuardrail({ behavior: 'FLAG', threshold: 0.5, scanHistory: true })];
  if (stage === 'output') guardrails.push(createMarkdownLinksGuardrail({ allowedHosts: [] }));
  return createStageRunner(stage, guardrails);
}

/** Embeddings through an endpoint's invocations API, for `valid_topics` with `topic_embedding_endpoint`. */
function apiEmbedder(client: ApiClient, endpoint: string): Embedder {
  return {
    async embed(texts) {
      const result = await client.post<{ data?: Array<{ embedding?: unknown }> }>(`/serving-endpoints/${segment(endpoint)}/invocations`, { input: texts });
      return (result.data ?? []).map((item) => item.embedding as number[]);
    },
  };
}

export interface EndpointRunner {
  runner: GuardrailStageRunner;
  /** Guardrails left out, with why (webhooks whose secret only the server can read). */
  skipped: string[];
}

/** The endpoint's configured guardrails for `stage`, read through the API. */
export async function endpointRunner(client: ApiClient, endpoint: string, stage: GuardrailStage): Promise<EndpointRunner> {
  const view = await client.get<{ ai_gateway?: { guardrails?: unknown } }>(`/api/2.0/serving-endpoints/${segment(endpoint)}`);
  const parsed = guardrailsSchema.safeParse(view.ai_gateway?.guardrails ?? {});
  if (!parsed.success) throw usageError(`endpoint ${endpoint} has guardrails this CLI cannot read: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  const config: GuardrailsConfig = parsed.data;
  const parameters = config[stage];
  const skipped: string[] = [];
  if (parameters?.custom) {
    parameters.custom = parameters.custom.filter((custom) => {
      if (custom.type !== 'webhook' || !custom.auth_secret) return true;
      skipped.push(`webhook guardrail ${custom.name}: its secret is only available to the server`);
      return false;
    });
  }
  const guardrails = stageGuardrails(parameters, stage, {
    countTokens: countTextTokens,
    embedderFor: (name) => (name === undefined ? undefined : apiEmbedder(client, name)),
  });
  return { runner: createStageRunner(stage, guardrails), skipped };
}

function resultOf(line: number, text: string, outcome: GuardrailOutcome): ScanResult {
  const findings: ScanFinding[] = [];
  const verdicts: ScanResult['verdicts'] = [];
  let injection: ScanResult['injection'];
  for (const verdict of outcome.verdicts) {
    const summary: ScanResult['verdicts'][number] = { guardrail: verdict.guardrail, action: verdict.action };
    if (verdict.score !== undefined) summary.score = verdict.score;
    if (verdict.error !== undefined) summary.error = verdict.error;
    verdicts.push(summary);
    if (verdict.guardrail === 'prompt_injection') injection = { score: verdict.score ?? 0, verdict: verdict.action };
    for (const finding of verdict.findings) {
      const entry: ScanFinding = { guardrail: verdict.guardrail, type: finding.type };
      if (finding.start !== undefined && finding.end !== undefined) {
        entry.start = finding.start;
        entry.end = finding.end;
      }
      if (finding.score !== undefined) entry.score = finding.score;
      if (finding.detail !== undefined) entry.detail = finding.detail;
      findings.push(entry);
    }
  }
  const result: ScanResult = { line, action: outcome.action, findings, masked: outcome.segments[0]?.text ?? text, verdicts };
  if (injection) result.injection = injection;
  if (outcome.blockedBy) result.blocked_by = outcome.blockedBy;
  return result;
}

/** The text of one JSONL line, or why it has none. */
export function textOfLine(raw: string): { text: string } | { error: string } {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return { error: 'not valid JSON' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { error: 'not a JSON object' };
  const text = (value as { text?: unknown }).text;
  if (typeof text !== 'string') return { error: 'no "text" string field' };
  return { text };
}

const COLUMNS = { line: 5, action: 6, injection: 13, findings: 28 };

export function tableHeader(): string {
  return `${'LINE'.padStart(COLUMNS.line)}  ${'ACTION'.padEnd(COLUMNS.action)}  ${'INJECTION'.padEnd(COLUMNS.injection)}  ${'FINDINGS'.padEnd(COLUMNS.findings)}  TEXT`;
}

function oneLine(text: string): string {
  return text.replace(/[\r\n\t]+/g, ' ');
}

/** A result as a table row: the findings as `TYPE[start,end)`, the masked text last. */
export function tableRow(result: ScanResult | ScanError): string {
  const line = String(result.line).padStart(COLUMNS.line);
  if ('error' in result) return `${line}  ${'error'.padEnd(COLUMNS.action)}  ${'-'.padEnd(COLUMNS.injection)}  ${'-'.padEnd(COLUMNS.findings)}  ${result.error}`;
  const injection = result.injection ? `${result.injection.score.toFixed(2)} ${result.injection.verdict}` : '-';
  const findings = result.findings.map((finding) => (finding.start === undefined ? finding.type : `${finding.type}[${finding.start},${finding.end})`)).join(' ') || '-';
  const errors = result.verdicts.filter((verdict) => verdict.error).map((verdict) => ` (${verdict.guardrail}: ${verdict.error})`).join('');
  return `${line}  ${result.action.padEnd(COLUMNS.action)}  ${injection.padEnd(COLUMNS.injection)}  ${findings.padEnd(COLUMNS.findings)}  ${oneLine(result.masked)}${errors}`;
}

export interface ScanOptions {
  runner: GuardrailStageRunner;
  stage: GuardrailStage;
  /** Called with each line's result (or error), in order. */
  write(result: ScanResult | ScanError): void;
}

/** Scans every line of `input`; blank lines are skipped. Returns how many lines could not be scanned. */
export async function scanLines(input: Readable | AsyncIterable<string>, options: ScanOptions): Promise<number> {
  const lines = 'pipe' in input ? createInterface({ input, crlfDelay: Infinity }) : input;
  const source = options.stage === 'input' ? 'user' : 'completion';
  let number = 0;
  let failed = 0;
  for await (const raw of lines) {
    number++;
    if (raw.trim() === '') continue;
    const parsed = textOfLine(raw);
    if ('error' in parsed) {
      failed++;
      options.write({ line: number, error: parsed.error });
      continue;
    }
    const context = { stage: options.stage, endpointName: 'cli-scan', requestId: `line-${number}`, signal: new AbortController().signal };
    const segments = [{ source, text: parsed.text, index: 0 }] as const;
    const outcome = await options.runner.run(segments, context);
    options.write(resultOf(number, parsed.text, outcome));
  }
  return failed;
}

export function openInput(file: string): Readable {
  if (file === '-') return process.stdin;
  const stream = createReadStream(file, { encoding: 'utf8' });
  return stream;
}
