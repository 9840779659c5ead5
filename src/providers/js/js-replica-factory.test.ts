import { afterEach, describe, expect, it } from 'vitest';
import { countDemoTokens } from '../index.js';
import type { StreamPart } from '../spec.js';
import { createJsHarness, request } from './test-support/js-fixtures.js';

const harness = createJsHarness();
afterEach(() => harness.cleanUp());

async function collect(parts: AsyncIterable<StreamPart>): Promise<StreamPart[]> {
  const collected: StreamPart[] = [];
  for await (const part of parts) collected.push(part);
  return collected;
}

describe('JS model replicas: the happy paths', () => {
  it('loads the module with its context, warms up on the input example and answers predict', async () => {
    const packageDir = await harness.writePackage({
      'artifacts/vocabulary.txt': 'cairn\nmodel\n',
      'model.mjs': `
        import { readFile } from 'node:fs/promises';
        let vocabulary = [];
        let calls = 0;
        export async function load(context) {
          vocabulary = (await readFile(context.artifactsDir + '/vocabulary.txt', 'utf8')).split('\\n').filter(Boolean);
          context.log('loaded', context.manifest.name, vocabulary.length, 'words');
        }
        export async function predict(records, params) {
          calls++;
          return records.map((record) => ({ known: vocabulary.filter((word) => record.text.includes(word)), limit: params.limit ?? null, calls }));
        }
      `,
    });
    const factory = harness.factory({ packageDir, capabilities: ['predict'], inputExample: { text: 'warm' }, manifest: { name: 'keywords' } });
    expect(factory).toMatchObject({ kind: 'worker', provider: 'js', capabilities: { predict: true, chat: false, embeddings: false } });
    const replica = await harness.start(factory);
    const result = await replica.model.doPredict?.(request({ records: [{ text: 'a cairn' }, { text: 'a model of a cairn' }], params: { limit: 2 } }));
    // calls = 2: the warm-up answered the input example first.
    expect(result?.predictions).toEqual([
      { known: ['cairn'], limit: 2, calls: 2 },
      { known: ['cairn', 'model'], limit: 2, calls: 2 },
    ]);
    expect(harness.logs).toContainEqual({ line: 'loaded keywords 2 words', stream: 'stdout' });
  });

  it('wraps a single (non-array) prediction into a one-element list', async () => {
    const packageDir = await harness.writePackage({
      'model.mjs': `export async function load() {}\nexport function predict(records) { return { count: records.length }; }\n`,
    });
    const replica = await harness.start(harness.factory({ packageDir, capabilities: ['predict'] }));
    const result = await replica.model.doPredict?.(request({ records: [1, 2, 3], params: {} }));
    expect(result?.predictions).toEqual([{ count: 3 }]);
  });

  it('answers chat from a string and estimates usage, with params under their OpenAI names', async () => {
    const packageDir = await harness.writePackage({
      'model.mjs': `
        export async function load() {}
        export async function chat(messages, params) {
          return 'you said ' + messages.at(-1).content + ' at ' + params.temperature + ' ' + params.max_tokens + ' ' + params.custom;
        }
      `,
    });
    const factory = harness.factory({ packageDir, capabilities: ['chat'] });
    expect(factory.capabilities).toMatchObject({ chat: true, completions: true, streaming: true, embeddings: false, predict: false });
    const replica = await harness.start(factory);
    const result = await replica.model.doGenerate(
      request({ input: { kind: 'chat', messages: [{ role: 'user', content: 'hello there' }] }, params: { temperature: 0.5, max_tokens: 9, extra: { custom: 'x' } } }),
    );
    expect(result.choices).toEqual([{ index: 0, text: 'you said hello there at 0.5 9 x', finishReason: 'stop' }]);
    expect(result.usage).toEqual({ inputTokens: 2, outputTokens: countDemoTokens('you said hello there at 0.5 9 x'), estimated: true });
    // A completion prompt reaches chat as one user message.
    const completion = await replica.model.doGenerate(request({ input: { kind: 'completion', prompt: 'hi' }, params: { extra: {} } }));
    expect(completion.choices[0]?.text).toBe('you said hi at undefined undefined undefined');
  });

  it('streams an async iterable delta by delta, then finish, then the usage the generator returned', async () => {
    const packageDir = await harness.writePackage({
      'model.mjs': `
        export async function load() {}
        export async function chat(messages) {
          return (async function* () {
            for (const word of ['Cairn ', 'streams ', 'deltas.']) { await new Promise((resolve) => setTimeout(resolve, 5)); yield word; }
            return { usage: { input_tokens: 11, output_tokens: 3 } };
          })();
        }
      `,
    });
    const replica = await harness.start(harness.factory({ packageDir, capabilities: ['chat'], inputExample: { messages: [{ role: 'user', content: 'hi' }] } }));
    const parts = await collect(replica.model.doStream(request({ input: { kind: 'chat', messages: [{ role: 'user', content: 'go' }] }, params: { extra: {} } })));
    expect(parts).toEqual([
      { type: 'metadata', model: 'test-model/1' },
      { type: 'text-delta', index: 0, text: 'Cairn ' },
      { type: 'text-delta', index: 0, text: 'streams ' },
      { type: 'text-delta', index: 0, text: 'deltas.' },
      { type: 'finish', index: 0, finishReason: 'stop' },
      { type: 'usage', usage: { inputTokens: 11, outputTokens: 3 } },
    ]);
    // The same module answers a non-streaming call with the deltas joined.
    const joined = await replica.model.doGenerate(request({ input: { kind: 'chat', messages: [{ role: 'user', content: 'go' }] }, params: { extra: {} } }));
    expect(joined.choices[0]?.text).toBe('Cairn streams deltas.');
  });

  it('streams a string answer as one delta and a {content, usage} answer with its usage', async () => {
    const packageDir = await harness.writePackage({
      'model.mjs': `
        export async function load() {}
        export function chat(messages) {
          if (messages[0].content === 'plain') return 'one piece';
          return { content: 'counted', usage: { prompt_tokens: 4, completion_tokens: 1 } };
        }
      `,
    });
    const replica = await harness.start(harness.factory({ packageDir, capabilities: ['chat'] }));
    const plain = await collect(replica.model.doStream(request({ input: { kind: 'chat', messages: [{ role: 'user', content: 'plain' }] }, params: { extra: {} } })));
    expect(plain.filter((part) => part.type === 'text-delta')).toEqual([{ type: 'text-delta', index: 0, text: 'one piece' }]);
    expect(plain.at(-1)).toEqual({ type: 'usage', usage: { inputTokens: 1, outputTokens: 2, estimated: true } });
    const counted = await replica.model.doGenerate(request({ input: { kind: 'chat', messages: [{ role: 'user', content: 'x' }] }, params: { extra: {} } }));
    expect(counted.usage).toEqual({ inputTokens: 4, outputTokens: 1 });
  });

  it('embeds texts (typed arrays become plain numbers) and refuses what the package does not offer', async () => {
    const packageDir = await harness.writePackage({
      'model.mjs': `
        export async function load() {}
        export function embed(texts, params) { return texts.map((text) => Float32Array.of(text.length, params.dimensions ?? 0)); }
      `,
    });
    const replica = await harness.start(harness.factory({ packageDir, capabilities: ['embed'], inputExample: { input: ['warm'] } }));
    const result = await replica.model.doEmbed(request({ input: ['abc', 'hello'], dimensions: 2 }));
    expect(result.embeddings).toEqual([
      [3, 2],
      [5, 2],
    ]);
    expect(result.usage).toEqual({ inputTokens: 2, outputTokens: 0, estimated: true });
    expect(replica.model.doPredict).toBeUndefined();
    await expect(replica.model.doGenerate(request({ input: { kind: 'completion', prompt: 'x' }, params: { extra: {} } }))).rejects.toMatchObject({
      code: 'CAPABILITY_NOT_SUPPORTED',
    });
  });

  it("imports a dependency from the package's own node_modules", async () => {
    const packageDir = await harness.writePackage({
      'node_modules/shout/package.json': JSON.stringify({ name: 'shout', version: '1.0.0', main: 'index.js' }),
      'node_modules/shout/index.js': `module.exports = (text) => text.toUpperCase() + '!';\n`,
      'model.mjs': `import shout from 'shout';\nexport async function load() {}\nexport function predict(records) { return records.map(shout); }\n`,
    });
    const replica = await harness.start(harness.factory({ packageDir, capabilities: ['predict'] }));
    expect((await replica.model.doPredict?.(request({ records: ['hey'], params: {} })))?.predictions).toEqual(['HEY!']);
  });

  it('turns console output into log lines, one per line, long lines capped', async () => {
    const packageDir = await harness.writePackage({
      'model.mjs': `
        export async function load() { console.log('first\\nsecond'); console.error('a warning'); }
        export function predict(records) { console.log('x'.repeat(5000)); return records; }
      `,
    });
    const replica = await harness.start(harness.factory({ packageDir, capabilities: ['predict'] }));
    await replica.model.doPredict?.(request({ records: [1], params: {} }));
    await expect.poll(() => harness.logs.some((entry) => entry.line.startsWith('xxx'))).toBe(true);
    expect(harness.logs).toContainEqual({ line: 'first', stream: 'stdout' });
    expect(harness.logs).toContainEqual({ line: 'second', stream: 'stdout' });
    expect(harness.logs).toContainEqual({ line: 'a warning', stream: 'stderr' });
    const long = harness.logs.find((entry) => entry.line.startsWith('xxx'));
    expect(long?.line.length).toBeLessThan(2100);
    expect(long?.line.endsWith('[truncated]')).toBe(true);
    expect(harness.logs.some((entry) => entry.stream === 'system' && entry.line.includes('ready'))).toBe(true);
  });

  it("gives the model an empty environment: none of Cairn's variables or secrets", async () => {
    process.env.CAIRN_TEST_SECRET = 'do-not-leak';
    try {
      const packageDir = await harness.writePackage({
        'model.mjs': `export async function load() {}\nexport function predict() { return [{ keys: Object.keys(process.env), secret: process.env.CAIRN_TEST_SECRET ?? null }]; }\n`,
      });
      const replica = await harness.start(harness.factory({ packageDir, capabilities: ['predict'] }));
      const result = await replica.model.doPredict?.(request({ records: [{}], params: {} }));
      expect(result?.predictions).toEqual([{ keys: [], secret: null }]);
    } finally {
      delete process.env.CAIRN_TEST_SECRET;
    }
  });

  it('closes after its in-flight calls finish; exited says closed and later calls are refused', async () => {
    const packageDir = await harness.writePackage({
      'model.mjs': `export async function load() {}\nexport async function predict(records) { await new Promise((resolve) => setTimeout(resolve, 100)); return records; }\n`,
    });
    const replica = await harness.start(harness.factory({ packageDir, capabilities: ['predict'] }));
    const inFlight = replica.model.doPredict?.(request({ records: ['kept'], params: {} }));
    const closed = replica.close();
    await expect(replica.model.doPredict?.(request({ records: ['late'], params: {} }))).rejects.toMatchObject({ code: 'ENTITY_UNAVAILABLE' });
    expect((await inFlight)?.predictions).toEqual(['kept']);
    await closed;
    expect(await replica.exited).toEqual({ reason: 'closed', message: 'closed' });
  });

  it('rejects an aborted call at once and keeps serving', async () => {
    const packageDir = await harness.writePackage({
      'model.mjs': `
        export async function load() {}
        export async function predict(records) { if (records[0] === 'slow') await new Promise((resolve) => setTimeout(resolve, 300)); return records; }
      `,
    });
    const replica = await harness.start(harness.factory({ packageDir, capabilities: ['predict'] }));
    const controller = new AbortController();
    const slow = replica.model.doPredict?.({ records: ['slow'], params: {}, signal: controller.signal, requestId: 'abort' });
    controller.abort();
    await expect(slow).rejects.toMatchObject({ code: 'CLIENT_CLOSED_REQUEST' });
    expect((await replica.model.doPredict?.(request({ records: ['next'], params: {} })))?.predictions).toEqual(['next']);
  });
});
