import { extractCallTexts } from '../descriptors/index.js';

/**
 * The prompt, answer and retrieval context of a captured call, read back from the inference table's stored (already
 * PII-masked) request and response JSON, with the descriptors area's extractor (so the judge sees the same texts
 * the descriptors describe). Missing parts are empty strings.
 */
export interface CallTexts {
  prompt: string;
  response: string;
  context: string;
}

export function callTexts(request: string | null, response: string | null): CallTexts {
  const texts = extractCallTexts({ request, response });
  return { prompt: texts.prompt ?? '', response: texts.response ?? '', context: texts.context ?? '' };
}
