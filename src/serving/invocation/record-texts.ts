/** One string somewhere inside a record (or prediction), and a way to replace it where it stands. */
export interface TextLeaf {
  text: string;
  /** Index of the top-level record the string belongs to. */
  index: number;
  set(text: string): void;
}

type Container = Record<string | number, unknown>;

/**
 * Every string inside the given records, in document order, so guardrails can scan and mask structured inputs and
 * outputs the way they do prompts. Walks with an explicit stack: a deeply nested body must not overflow the call
 * stack, and no depth cap may hide a string from a guardrail.
 */
export function textLeaves(records: readonly unknown[]): TextLeaf[] {
  const leaves: TextLeaf[] = [];
  const stack: Array<{ container: Container; key: string | number; index: number }> = [];
  const pushChildren = (value: object, index: number) => {
    const keys: Array<string | number> = Array.isArray(value) ? value.map((_, position) => position) : Object.keys(value);
    for (let position = keys.length - 1; position >= 0; position--) stack.push({ container: value as Container, key: keys[position]!, index });
  };
  for (let index = records.length - 1; index >= 0; index--) stack.push({ container: records as unknown as Container, key: index, index });
  while (stack.length > 0) {
    const { container, key, index } = stack.pop()!;
    const value = container[key];
    if (typeof value === 'string') {
      leaves.push({
        text: value,
        index,
        // defineProperty, not assignment: a key named `__proto__` must get the masked text, not a prototype change.
        set: (text) => Object.defineProperty(container, key, { value: text, writable: true, enumerable: true, configurable: true }),
      });
    } else if (value !== null && typeof value === 'object') {
      pushChildren(value, index);
    }
  }
  return leaves;
}
