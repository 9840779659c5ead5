import { afterEach, describe, expect, it } from 'vitest';
import { CairnError } from '../../errors/index.js';
import { createJsHarness, request } from './test-support/js-fixtures.js';

const harness = createJsHarness();
afterEach(() => harness.cleanUp());

const predictModule = (body: string) => `export async function load() {}\nexport async function predict(records) {\n${body}\n}\n`;

describe('JS model replicas: failures stay inside the replica', () => {
  it('rejects the start with the message load() threw', async () => {
    const packageDir = await harness.writePackage({ 'model.mjs': `export async function load() { throw new Error('weights missing'); }\nexport function predict() {}\n` });
    const start = harness.start(harness.factory({ packageDir, capabilities: ['predict'] }));
    await expect(start).rejects.toMatchObject({ code: 'ENTITY_UNAVAILABLE', message: 'test-model/1: load() threw: weights missing' });
  });

  it('rejects the start when a capability in the manifest is not exported, naming it', async () => {
    const packageDir = await harness.writePackage({ 'model.mjs': `export async function load() {}\nexport function predict() { return []; }\n` });
    const start = harness.start(harness.factory({ packageDir, capabilities: ['predict', 'chat'] }));
    await expect(start).rejects.toMatchObject({ code: 'ENTITY_UNAVAILABLE', message: expect.stringContaining('does not export chat()') });
  });

  it('rejects the start when the entry cannot be imported or has no load()', async () => {
    const broken = await harness.writePackage({ 'model.mjs': `export const = ;\n` });
    await expect(harness.start(harness.factory({ packageDir: broken, capabilities: ['predict'] }))).rejects.toMatchObject({
      code: 'ENTITY_UNAVAILABLE',
      message: expect.stringContaining('importing model.mjs failed'),
    });
    const noLoad = await harness.writePackage({ 'model.mjs': `export function predict() { return []; }\n` });
    await expect(harness.start(harness.factory({ packageDir: noLoad, capabilities: ['predict'] }))).rejects.toMatchObject({
      message: expect.stringContaining('does not export a load(context) function'),
    });
  });

  it('times out a start whose load() never settles', async () => {
    const packageDir = await harness.writePackage({ 'model.mjs': `export function load() { return new Promise(() => {}); }\nexport function predict() {}\n` });
    const start = harness.start(harness.factory({ packageDir, capabilities: ['predict'], startTimeoutMs: 1_500 }));
    await expect(start).rejects.toMatchObject({ code: 'ENTITY_UNAVAILABLE', message: 'test-model/1: start timed out after 1500 ms' });
  });

  it('fails the start when the warm-up on the input example fails', async () => {
    const packageDir = await harness.writePackage({ 'model.mjs': predictModule(`if (records[0].text === 'example') throw new Error('cannot answer'); return records;`) });
    const start = harness.start(harness.factory({ packageDir, capabilities: ['predict'], inputExample: { text: 'example' } }));
    await expect(start).rejects.toMatchObject({ code: 'ENTITY_UNAVAILABLE', message: expect.stringContaining("input_example failed: cannot answer") });
  });

  it('passes the package verification error through and starts no worker', async () => {
    const packageDir = await harness.writePackage({ 'model.mjs': `throw new Error('must not be imported');\n` });
    const integrity = new CairnError('PACKAGE_INTEGRITY_ERROR', 'model.mjs does not match its digest');
    const start = harness.start(harness.factory({ packageDir, capabilities: ['predict'], verify: () => Promise.reject(integrity) }));
    await expect(start).rejects.toBe(integrity);
    expect(harness.logs).toEqual([]);
  });

  it('fails a call whose model throws with its message and keeps the replica serving', async () => {
    const packageDir = await harness.writePackage({ 'model.mjs': predictModule(`if (records[0] === 'bad') throw new TypeError('record is bad'); return records;`) });
    const replica = await harness.start(harness.factory({ packageDir, capabilities: ['predict'] }));
    await expect(replica.model.doPredict?.(request({ records: ['bad'], params: {} }))).rejects.toMatchObject({ code: 'MODEL_ERROR', message: 'record is bad' });
    expect((await replica.model.doPredict?.(request({ records: ['good'], params: {} })))?.predictions).toEqual(['good']);
  });

  it('fails a call whose output is not JSON-serialisable and answers the next one', async () => {
    const packageDir = await harness.writePackage({
      'model.mjs': predictModule(`
        const kind = records[0];
        if (kind === 'function') return [{ score: () => 1 }];
        if (kind === 'bigint') return [10n];
        if (kind === 'cycle') { const node = {}; node.self = node; return [node]; }
        if (kind === 'undefined') return [undefined];
        return [{ ok: true, when: new Date(0) }];
      `),
    });
    const replica = await harness.start(harness.factory({ packageDir, capabilities: ['predict'] }));
    const expected = {
      function: 'output is not JSON-serialisable: predictions[0].score is a function',
      bigint: 'output is not JSON-serialisable: predictions[0] is a BigInt (convert it to a number or a string)',
      cycle: 'output is not JSON-serialisable: predictions[0].self refers back to itself (a cycle)',
      undefined: 'output is not JSON-serialisable: predictions[0] is undefined',
    };
    for (const [kind, message] of Object.entries(expected)) {
      await expect(replica.model.doPredict?.(request({ records: [kind], params: {} }))).rejects.toMatchObject({ code: 'MODEL_ERROR', message });
    }
    expect((await replica.model.doPredict?.(request({ records: ['fine'], params: {} })))?.predictions).toEqual([{ ok: true, when: '1970-01-01T00:00:00.000Z' }]);
  });

  it('times out an infinite loop: that call fails MODEL_TIMEOUT, the other held call MODEL_ERROR, and a new replica works', async () => {
    const packageDir = await harness.writePackage({ 'model.mjs': predictModule(`if (records[0] === 'loop') for (;;) {} await new Promise((resolve) => setTimeout(resolve, 50)); return records;`) });
    const factory = harness.factory({ packageDir, capabilities: ['predict'], callTimeoutMs: 1_000, replicaConcurrency: 2 });
    const replica = await harness.start(factory);
    // The looping call goes first, so its deadline is the first to pass; the second is held behind the blocked thread.
    const looping = replica.model.doPredict?.(request({ records: ['loop'], params: {} }));
    const bystander = replica.model.doPredict?.(request({ records: ['wait'], params: {} }));
    void Promise.allSettled([looping, bystander]);
    await expect(looping).rejects.toMatchObject({ code: 'MODEL_TIMEOUT' });
    await expect(bystander).rejects.toMatchObject({ code: 'MODEL_ERROR', message: expect.stringContaining('replica restarted') });
    expect(await replica.exited).toMatchObject({ reason: 'timeout' });
    const fresh = await harness.start(factory);
    expect((await fresh.model.doPredict?.(request({ records: ['again'], params: {} })))?.predictions).toEqual(['again']);
  });

  it('declares a timed-out replica dead before its caller hears, and takes no call while its thread stops', async () => {
    const packageDir = await harness.writePackage({ 'model.mjs': predictModule(`if (records[0] === 'loop') for (;;) {} return records;`) });
    const replica = await harness.start(harness.factory({ packageDir, capabilities: ['predict'], callTimeoutMs: 500 }));
    const order: string[] = [];
    void replica.exited.then((exit) => order.push(`exited:${exit.reason}`));
    const looping = replica.model.doPredict!(request({ records: ['loop'], params: {} })).catch((error: { code: string }) => {
      order.push(`caller:${error.code}`);
      // What a pool would do next if it still thought the replica usable: the call is refused at once, not sent.
      return replica.model.doPredict!(request({ records: ['late'], params: {} })).catch((late: { message: string }) => late.message);
    });
    expect(await looping).toContain('the replica is not running');
    expect(order).toEqual(['exited:timeout', 'caller:MODEL_TIMEOUT']);
  });

  it('fails the held calls with MODEL_OUT_OF_MEMORY when the model allocates without bound', async () => {
    const packageDir = await harness.writePackage({ 'model.mjs': predictModule(`const hoard = []; for (;;) hoard.push({ index: hoard.length, text: 'x'.repeat(64) + hoard.length });`) });
    const replica = await harness.start(harness.factory({ packageDir, capabilities: ['predict'], memoryMb: 32, callTimeoutMs: 20_000 }));
    await expect(replica.model.doPredict?.(request({ records: ['grow'], params: {} }))).rejects.toMatchObject({ code: 'MODEL_OUT_OF_MEMORY' });
    expect(await replica.exited).toMatchObject({ reason: 'out_of_memory' });
  });

  it('reports a model that exits its thread as crashed', async () => {
    const packageDir = await harness.writePackage({ 'model.mjs': predictModule(`process.exit(3);`) });
    const replica = await harness.start(harness.factory({ packageDir, capabilities: ['predict'] }));
    await expect(replica.model.doPredict?.(request({ records: ['bye'], params: {} }))).rejects.toMatchObject({ code: 'MODEL_ERROR' });
    expect(await replica.exited).toEqual({ reason: 'crashed', message: 'the worker exited with code 3' });
  });

  it('fails a stream whose iterable throws midway, after the deltas it sent', async () => {
    const packageDir = await harness.writePackage({
      'model.mjs': `export async function load() {}\nexport async function* chat() { yield 'partial '; throw new Error('generator broke'); }\n`,
    });
    const replica = await harness.start(harness.factory({ packageDir, capabilities: ['chat'] }));
    const texts: string[] = [];
    const consume = async () => {
      for await (const part of replica.model.doStream(request({ input: { kind: 'chat', messages: [{ role: 'user', content: 'x' }] }, params: { extra: {} } }))) {
        if (part.type === 'text-delta') texts.push(part.text);
      }
    };
    await expect(consume()).rejects.toMatchObject({ code: 'MODEL_ERROR', message: 'generator broke' });
    expect(texts).toEqual(['partial ']);
  });
});
