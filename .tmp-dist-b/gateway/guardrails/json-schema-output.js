import { createHash } from 'node:crypto';
import { Ajv } from 'ajv';
import safeRegex from 'safe-regex2';
import { CairnError } from '../../errors/index.js';
const MAX_SCHEMA_BYTES = 256 * 1024;
const MAX_SCHEMA_DEPTH = 64;
const CACHE_SIZE = 256;
// `addUsedSchema: false`: two requests whose schemas share an `$id` must not collide in the shared instance.
// `strict: false`: OpenAI-style schemas carry keywords and formats this Ajv does not know; they are ignored.
const ajv = new Ajv({ strict: false, allErrors: false, addUsedSchema: false, logger: false });
const compiledByHash = new Map();
const hashByObject = new WeakMap();
function invalidSchema(reason) {
    return new CairnError('INVALID_PARAMETER_VALUE', `response_format.json_schema.schema is not usable: ${reason}.`, { details: { param: 'response_format' } });
}
/** Every `pattern` and `patternProperties` key must compile and be free of exponential backtracking. */
function checkPatterns(node, depth) {
    if (depth > MAX_SCHEMA_DEPTH)
        throw invalidSchema(`it is nested deeper than ${MAX_SCHEMA_DEPTH} levels`);
    if (Array.isArray(node)) {
        for (const item of node)
            checkPatterns(item, depth + 1);
        return;
    }
    if (typeof node !== 'object' || node === null)
        return;
    const record = node;
    const patterns = [];
    if (typeof record.pattern === 'string')
        patterns.push(record.pattern);
    if (typeof record.patternProperties === 'object' && record.patternProperties !== null)
        patterns.push(...Object.keys(record.patternProperties));
    for (const pattern of patterns) {
        try {
            new RegExp(pattern, 'u');
        }
        catch {
            throw invalidSchema(`the pattern ${JSON.stringify(pattern.slice(0, 100))} is not a valid regular expression`);
        }
        if (!safeRegex(pattern))
            throw invalidSchema(`the pattern ${JSON.stringify(pattern.slice(0, 100))} can take exponential time (nested quantifiers)`);
    }
    for (const value of Object.values(record))
        checkPatterns(value, depth + 1);
}
function schemaHash(schema) {
    const known = hashByObject.get(schema);
    if (known)
        return known;
    let text;
    try {
        text = JSON.stringify(schema);
    }
    catch {
        throw invalidSchema('it is not JSON');
    }
    if (text.length > MAX_SCHEMA_BYTES)
        throw invalidSchema(`it is larger than ${MAX_SCHEMA_BYTES} bytes`);
    const hash = createHash('sha256').update(text).digest('base64url');
    hashByObject.set(schema, hash);
    return hash;
}
/** The validator for a response schema, compiled once per distinct schema; throws a 400 CairnError when unusable. */
export function compileResponseSchema(schema) {
    const hash = schemaHash(schema);
    const cached = compiledByHash.get(hash);
    if (cached) {
        compiledByHash.delete(hash);
        compiledByHash.set(hash, cached);
        return cached;
    }
    checkPatterns(schema, 0);
    let validate;
    try {
        validate = ajv.compile(schema);
    }
    catch (error) {
        throw invalidSchema(error.message.slice(0, 300));
    }
    compiledByHash.set(hash, validate);
    if (compiledByHash.size > CACHE_SIZE) {
        const oldest = compiledByHash.keys().next().value;
        const evicted = compiledByHash.get(oldest);
        compiledByHash.delete(oldest);
        if (evicted)
            ajv.removeSchema(evicted.schema);
    }
    return validate;
}
/** `/items/0 required` — where and which rule, without the offending value (verdicts are stored). */
function mismatchDetail(error) {
    if (!error)
        return 'does not match the schema';
    const missing = error.keyword === 'required' ? ` ${String(error.params.missingProperty)}` : '';
    return `${error.instancePath || '/'} ${error.keyword}${missing}`.slice(0, 200);
}
export function createJsonSchemaOutputGuardrail(options) {
    const failingAction = options.behavior === 'BLOCK' ? 'block' : 'flag';
    return {
        name: 'json_schema',
        wholeText: true,
        prepare(context) {
            if (context.responseSchema)
                compileResponseSchema(context.responseSchema);
        },
        check(segments, context) {
            if (!context.responseSchema)
                return { guardrail: 'json_schema', stage: context.stage, action: 'allow', findings: [] };
            let validate;
            try {
                validate = compileResponseSchema(context.responseSchema);
            }
            catch (error) {
                return { guardrail: 'json_schema', stage: context.stage, action: failingAction, findings: [], error: error.message };
            }
            const findings = [];
            segments.forEach((segment, index) => {
                if (segment.source !== 'completion' && segment.source !== 'assistant')
                    return;
                let value;
                try {
                    value = JSON.parse(segment.text);
                }
                catch {
                    findings.push({ type: 'invalid_json', segment: index, detail: 'the answer is not valid JSON' });
                    return;
                }
                if (!validate(value))
                    findings.push({ type: 'schema_mismatch', segment: index, detail: mismatchDetail(validate.errors?.[0]) });
            });
            return { guardrail: 'json_schema', stage: context.stage, action: findings.length > 0 ? failingAction : 'allow', findings };
        },
    };
}
//# sourceMappingURL=json-schema-output.js.map