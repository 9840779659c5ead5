/**
 * Case-insensitive glob matching for model-name patterns: `*` matches any run of characters, `?` exactly one
 * (UTF-16 code unit); every other character is literal. Not compiled to a RegExp: a pattern with k stars
 * becomes k `.*` groups, which backtrack polynomially on a near-miss (SEC-DOS-7, and endpoint patterns are
 * user-supplied). The segment scan below is O(name × pattern) in the worst case with no backtracking across
 * segments, which is correct for globs because placing each middle segment at its leftmost match never rules
 * out a match that a later placement would allow.
 */
export interface GlobMatcher {
  readonly pattern: string;
  /** Characters that are not wildcards: a higher count is a more specific pattern. */
  readonly literalCount: number;
  /** `name` must already be lower-cased. */
  matches(name: string): boolean;
}

export function compileGlob(pattern: string): GlobMatcher {
  const lower = pattern.toLowerCase();
  const segments = lower.split('*');
  let literalCount = 0;
  for (let i = 0; i < lower.length; i++) {
    const c = lower.charCodeAt(i);
    if (c !== STAR && c !== QUESTION) literalCount++;
  }
  if (segments.length === 1) {
    return { pattern, literalCount, matches: (name) => name.length === lower.length && segmentAt(name, 0, lower) };
  }
  const head = segments[0]!;
  const tail = segments[segments.length - 1]!;
  const middle = segments.slice(1, -1).filter((segment) => segment.length > 0);
  const minimumLength = head.length + tail.length + middle.reduce((sum, segment) => sum + segment.length, 0);
  return {
    pattern,
    literalCount,
    matches(name) {
      if (name.length < minimumLength) return false;
      if (!segmentAt(name, 0, head)) return false;
      const tailStart = name.length - tail.length;
      if (!segmentAt(name, tailStart, tail)) return false;
      let cursor = head.length;
      for (const segment of middle) {
        const found = indexOfSegment(name, segment, cursor, tailStart);
        if (found < 0) return false;
        cursor = found + segment.length;
      }
      return true;
    },
  };
}

const STAR = 42;
const QUESTION = 63;

/** Whether `segment` (with `?` wildcards) matches `name` at `position`. */
function segmentAt(name: string, position: number, segment: string): boolean {
  for (let i = 0; i < segment.length; i++) {
    const expected = segment.charCodeAt(i);
    if (expected !== QUESTION && expected !== name.charCodeAt(position + i)) return false;
  }
  return true;
}

/** Leftmost position ≥ from where `segment` matches and ends at or before `end`, or -1. */
function indexOfSegment(name: string, segment: string, from: number, end: number): number {
  for (let position = from; position + segment.length <= end; position++) {
    if (segmentAt(name, position, segment)) return position;
  }
  return -1;
}
