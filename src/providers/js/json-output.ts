/**
 * Turns a model's output into plain JSON data before it leaves the worker, or says precisely why it cannot be:
 * a client gets JSON, so a function, a BigInt, a cycle or an undefined prediction is the model's error, not a
 * silent `null` or `{}` (what JSON.stringify would make of some of them). Runs inside the worker thread.
 */

export class OutputNotSerialisableError extends Error {
  constructor(reason: string) {
    super(`output is not JSON-serialisable: ${reason}`);
    this.name = 'OutputNotSerialisableError';
  }
}

const maxDepth = 100;
const refusedKinds = new Map<unknown, string>([
  [Map, 'a Map'],
  [Set, 'a Set'],
  [WeakMap, 'a WeakMap'],
  [WeakSet, 'a WeakSet'],
  [Promise, 'a Promise (return the awaited value)'],
  [RegExp, 'a RegExp'],
  [Error, 'an Error'],
]);

export function toJsonOutput(value: unknown, path: string): unknown {
  return convert(value, path, new Set(), 0);
}

function convert(value: unknown, path: string, ancestors: Set<object>, depth: number): unknown {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      if (!Number.isFinite(value)) throw new OutputNotSerialisableError(`${path} is ${String(value)}`);
      return value;
    case 'undefined':
      throw new OutputNotSerialisableError(`${path} is undefined`);
    case 'bigint':
      throw new OutputNotSerialisableError(`${path} is a BigInt (convert it to a number or a string)`);
    case 'function':
      throw new OutputNotSerialisableError(`${path} is a function`);
    case 'symbol':
      throw new OutputNotSerialisableError(`${path} is a symbol`);
  }
  if (value === null) return null;
  const object = value as object;
  if (depth >= maxDepth) throw new OutputNotSerialisableError(`${path} nests deeper than ${maxDepth} levels`);
  if (ancestors.has(object)) throw new OutputNotSerialisableError(`${path} refers back to itself (a cycle)`);
  if (ArrayBuffer.isView(object) && !(object instanceof DataView)) {
    // Typed arrays (a Float32Array embedding) become plain number arrays; BigInt64 ones are refused.
    if (object instanceof BigInt64Array || object instanceof BigUint64Array) throw new OutputNotSerialisableError(`${path} is a BigInt typed array`);
    return Array.from(object as unknown as ArrayLike<number>, (item, index) => convert(item, `${path}[${index}]`, ancestors, depth + 1));
  }
  ancestors.add(object);
  try {
    if (Array.isArray(object)) return object.map((item: unknown, index) => convert(item, `${path}[${index}]`, ancestors, depth + 1));
    for (const [kind, name] of refusedKinds) {
      if (object instanceof (kind as new () => object)) throw new OutputNotSerialisableError(`${path} is ${name}`);
    }
    const withToJson = object as { toJSON?: unknown };
    if (typeof withToJson.toJSON === 'function') {
      // Date and friends: what JSON.stringify would write.
      return convert((withToJson.toJSON as () => unknown).call(object), path, ancestors, depth + 1);
    }
    // No prototype: a key named `__proto__` (valid JSON) must stay an own field, not replace the prototype.
    const plain = Object.create(null) as Record<string, unknown>;
    for (const [key, item] of Object.entries(object)) {
      // JSON leaves out properties whose value is undefined; so does Cairn (a missing field, not a broken output).
      if (item === undefined) continue;
      plain[key] = convert(item, `${path}.${key}`, ancestors, depth + 1);
    }
    return plain;
  } finally {
    ancestors.delete(object);
  }
}
