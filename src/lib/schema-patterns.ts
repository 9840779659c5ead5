import safeRegex from 'safe-regex2';

/** How deep a user-supplied JSON Schema may nest before it is refused. */
export const MAX_SCHEMA_DEPTH = 64;

/**
 * Why a user-supplied JSON Schema is unsafe to validate with on the main thread, or undefined when it is fine: every
 * `pattern` and `patternProperties` key must compile and be free of exponential backtracking (safe-regex2), and the
 * schema must nest at most MAX_SCHEMA_DEPTH levels. Ajv runs these patterns on every request it checks.
 */
export function unsafeSchemaReason(node: unknown, depth = 0): string | undefined {
  if (depth > MAX_SCHEMA_DEPTH) return `it is nested deeper than ${MAX_SCHEMA_DEPTH} levels`;
  if (Array.isArray(node)) {
    for (const item of node) {
      const reason = unsafeSchemaReason(item, depth + 1);
      if (reason) return reason;
    }
    return undefined;
  }
  if (typeof node !== 'object' || node === null) return undefined;
  const record = node as Record<string, unknown>;
  const patterns: string[] = [];
  if (typeof record.pattern === 'string') patterns.push(record.pattern);
  if (typeof record.patternProperties === 'object' && record.patternProperties !== null) patterns.push(...Object.keys(record.patternProperties));
  for (const pattern of patterns) {
    const shown = JSON.stringify(pattern.slice(0, 100));
    try {
      new RegExp(pattern, 'u');
    } catch {
      return `the pattern ${shown} is not a valid regular expression`;
    }
    if (!safeRegex(pattern)) return `the pattern ${shown} can take exponential time (nested quantifiers)`;
  }
  for (const value of Object.values(record)) {
    const reason = unsafeSchemaReason(value, depth + 1);
    if (reason) return reason;
  }
  return undefined;
}
