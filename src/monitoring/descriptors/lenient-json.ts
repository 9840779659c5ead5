/**
 * JSON that may be cut short: stored payloads over the capture cap keep only a prefix of their text
 * (`{"truncated": true, "prefix": "…"}`), and descriptors still want what that prefix holds. `parseLenient`
 * closes what is open (a string, objects, arrays) after the last complete value and parses that. It never throws.
 */

interface Frame {
  kind: '{' | '[';
  expectKey: boolean;
}

function closers(stack: readonly Frame[]): string {
  let text = '';
  for (let index = stack.length - 1; index >= 0; index--) text += stack[index]!.kind === '{' ? '}' : ']';
  return text;
}

function tryParse(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

/** A cut inside a string must not end in half an escape (`\`, `\u12`). */
function trimEscape(text: string): string {
  const unicode = /\\u[0-9a-fA-F]{0,3}$/.exec(text);
  if (unicode) return text.slice(0, unicode.index);
  const backslashes = /\\+$/.exec(text);
  return backslashes && backslashes[0].length % 2 === 1 ? text.slice(0, -1) : text;
}

/** The value of a complete or cut JSON text; undefined when nothing usable can be recovered. */
export function parseLenient(text: string): unknown {
  const whole = tryParse(text);
  if (whole.ok) return whole.value;
  const stack: Frame[] = [];
  let inString = false;
  let stringIsKey = false;
  let stringStart = 0;
  // The end of the last complete value and the open containers there.
  let safeCut = -1;
  let safeStack: Frame[] = [];
  const markSafe = (position: number) => {
    safeCut = position;
    safeStack = stack.map((frame) => ({ ...frame }));
  };
  for (let index = 0; index < text.length; index++) {
    const char = text[index]!;
    if (inString) {
      if (char === '\\') index++;
      else if (char === '"') {
        inString = false;
        if (!stringIsKey) markSafe(index + 1);
      }
      continue;
    }
    const top = stack[stack.length - 1];
    switch (char) {
      case '"':
        inString = true;
        stringStart = index;
        stringIsKey = top?.kind === '{' && top.expectKey;
        break;
      case '{':
      case '[':
        stack.push({ kind: char, expectKey: char === '{' });
        break;
      case '}':
      case ']':
        stack.pop();
        markSafe(index + 1);
        break;
      case ':':
        if (top) top.expectKey = false;
        break;
      case ',':
        // A number or literal before the comma is complete.
        if (safeCut < index && /[\d.eEtrufalsn-]$/.test(text.slice(0, index).trimEnd())) markSafe(index);
        if (top?.kind === '{') top.expectKey = true;
        break;
      default:
        break;
    }
  }
  const candidates: string[] = [];
  // Cut inside a value string: keep its part (the most useful bit of a truncated answer).
  if (inString && !stringIsKey) candidates.push(`${trimEscape(text)}"${closers(stack)}`);
  if (inString && stringIsKey && stringStart > 0) candidates.push(`${text.slice(0, stringStart)}"_":null${closers(stack)}`);
  if (safeCut >= 0) candidates.push(text.slice(0, safeCut) + closers(safeStack));
  for (const candidate of candidates) {
    const parsed = tryParse(candidate);
    if (parsed.ok) return parsed.value;
  }
  return undefined;
}

/** A stored payload column (JSON text, maybe the truncation wrapper) as a value; undefined when unreadable. */
export function parseStoredPayload(text: string | null | undefined): { value: unknown; truncated: boolean } {
  if (typeof text !== 'string' || text.length === 0) return { value: undefined, truncated: false };
  const value = parseLenient(text);
  if (isRecord(value) && value.truncated === true && Object.keys(value).every((key) => key === 'truncated' || key === 'original_bytes' || key === 'prefix')) {
    return { value: typeof value.prefix === 'string' ? parseLenient(value.prefix) : undefined, truncated: true };
  }
  return { value, truncated: false };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
