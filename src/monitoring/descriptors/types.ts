/**
 * Text descriptors: numbers and labels that describe a prompt or a response, computed off the request path from
 * the captured (PII-masked) text. Drift monitors compare their distributions; quality monitors average some of them.
 */
export type DescriptorValue = number | string | boolean | null;

/** Descriptors of one text, unprefixed (e.g. `chars`); a call's are prefixed `prompt_` / `response_`. */
export type TextDescriptors = Record<string, DescriptorValue>;

/** How drift treats a column by default (Evidently's rule picks the test from this, cardinality and sample size). */
export type ColumnType = 'numerical' | 'categorical' | 'text' | 'embedding';

export interface DescriptorColumn {
  name: string;
  type: Exclude<ColumnType, 'text' | 'embedding'>;
  description: string;
}
