import type { FastifyError } from 'fastify';
import { z } from 'zod';
import { CairnError, isCairnError } from '../errors/index.js';

/** Databricks documents pointing the OpenAI client at `<host>/serving-endpoints`; those paths speak OpenAI too. */
const openAiAliases = /^\/serving-endpoints\/(chat\/completions|completions|embeddings|models)(\/|\?|$)/;

/** `/v1/*` speaks OpenAI's error body; everything else Databricks / MLflow's `{error_code, message}`. */
export function isOpenAiPath(url: string): boolean {
  return url.startsWith('/v1/') || openAiAliases.test(url);
}

/** Anthropic's Messages API, at `/v1/messages` and at Databricks' documented `/serving-endpoints/anthropic` base. */
const anthropicPaths = /^\/(serving-endpoints\/anthropic\/)?v1\/messages(\/|\?|$)/;

/** Paths that answer errors in Anthropic's `{type: "error", error: {type, message}}` (the Anthropic SDK reads it). */
export function isAnthropicPath(url: string): boolean {
  return anthropicPaths.test(url);
}

function anthropicType(status: number): string {
  if (status === 401) return 'authentication_error';
  if (status === 403) return 'permission_error';
  if (status === 404) return 'not_found_error';
  if (status === 413) return 'request_too_large';
  if (status === 429) return 'rate_limit_error';
  if (status === 503 || status === 529) return 'overloaded_error';
  if (status >= 500) return 'api_error';
  return 'invalid_request_error';
}

function openAiType(status: number): string {
  if (status === 401) return 'authentication_error';
  if (status === 403) return 'permission_error';
  if (status === 404) return 'not_found_error';
  if (status === 429) return 'rate_limit_error';
  if (status >= 500) return 'server_error';
  return 'invalid_request_error';
}

export function errorBody(error: CairnError, url: string): Record<string, unknown> {
  // Anthropic's shape, plus Cairn's stable code (as on every surface); the Anthropic SDK ignores the extra field.
  if (isAnthropicPath(url)) return { type: 'error', error: { type: anthropicType(error.status), message: error.message, code: error.code } };
  if (isOpenAiPath(url)) {
    const param = typeof error.details.param === 'string' ? error.details.param : null;
    return { error: { message: error.message, type: openAiType(error.status), code: error.code, param, ...error.details } };
  }
  return { error_code: error.code, message: error.message, ...error.details };
}

function zodMessage(error: z.ZodError): { message: string; param: string | null } {
  const first = error.issues[0];
  const param = first && first.path.length > 0 ? first.path.join('.') : null;
  const parts = error.issues.slice(0, 5).map((issue) => {
    const where = issue.path.length > 0 ? issue.path.join('.') : 'body';
    if (issue.code === 'unrecognized_keys') return `${where}: unknown field(s) ${issue.keys.join(', ')}`;
    return `${where}: ${issue.message}`;
  });
  return { message: `Invalid request: ${parts.join('; ')}`, param };
}

/** Turns anything thrown on the request path into a CairnError; unknown errors become a bare 500. */
export function toCairnError(error: unknown): CairnError {
  if (isCairnError(error)) return error;
  if (error instanceof z.ZodError) {
    const { message, param } = zodMessage(error);
    return new CairnError('INVALID_PARAMETER_VALUE', message, { details: param ? { param } : {} });
  }
  const fastifyError = error as Partial<FastifyError> | undefined;
  switch (fastifyError?.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new CairnError('PAYLOAD_TOO_LARGE', 'Request body is larger than the configured limit.');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new CairnError('UNSUPPORTED_MEDIA_TYPE', 'Unsupported content type; send application/json.');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new CairnError('MALFORMED_REQUEST', 'Content-Length does not match the body.');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new CairnError('MALFORMED_REQUEST', 'Request body is empty; send a JSON object.');
  }
  if (typeof fastifyError?.statusCode === 'number' && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    return new CairnError('BAD_REQUEST', fastifyError.message ?? 'Bad request.');
  }
  return new CairnError('INTERNAL_ERROR', 'Internal error.', { cause: error });
}
