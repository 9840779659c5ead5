/**
 * Turns an Ajv `instancePath` (a JSON Pointer into the checked value) into the field name a client reads:
 * `/0/text` under `records[2]` → `records[2][0].text`. The value is walked alongside the pointer so a key that looks
 * like a number (`{"0": …}`) is told apart from an array index.
 */
export function fieldPath(prefix: string, value: unknown, instancePath: string): string {
  if (instancePath === '') return prefix;
  let path = prefix;
  let node: unknown = value;
  for (const raw of instancePath.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node) && /^(0|[1-9]\d*)$/.test(key)) {
      path += `[${key}]`;
      node = node[Number(key)];
      continue;
    }
    path += /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
    node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined;
  }
  return path;
}
