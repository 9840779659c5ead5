import { Pool } from 'undici';
import { createOpenAiCompatibleModel } from '/work/main/src/providers/index.js';
import { startFakeOpenAiUpstream } from '/work/main/src/providers/test-support/fake-openai-upstream.js';
const fake = { url: process.env.FAKE_URL!, connections: 0, abortedRequests: 0, close: async () => {} };
const model = createOpenAiCompatibleModel({ baseUrl: fake.url, apiKey: 'sk-x-123456', model: 'm' });
const messages = [{ role: 'user' as const, content: 'hello there, how are you' }];
const body = JSON.stringify({ model: 'm', messages });
const pool = new Pool(new URL(fake.url).origin);
async function run(label: string, once: () => Promise<unknown>, total = 20000, concurrency = 64) {
  let next = 0; const t = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => { while (next++ < total) await once(); }));
  const s = (performance.now() - t) / 1000; console.log(label, Math.round(total / s), 'req/s', 'connections so far', fake.connections, 'aborted', fake.abortedRequests);
}
const raw = async () => { const r = await pool.request({ path: '/v1/chat/completions', method: 'POST', body, headers: { 'content-type': 'application/json', authorization: 'Bearer x' } }); JSON.parse(await r.body.text()); };
const adapter = () => model.doGenerate({ input: { kind: 'chat', messages }, params: { extra: {} }, signal: new AbortController().signal, requestId: 'r' });
const rawStream = async () => { const r = await pool.request({ path: '/v1/chat/completions', method: 'POST', body: JSON.stringify({ model: 'm', messages, stream: true }), headers: { 'content-type': 'application/json' } }); for await (const _ of r.body) {} };
const adapterStream = async () => { for await (const _ of model.doStream({ input: { kind: 'chat', messages }, params: { extra: {} }, signal: new AbortController().signal, requestId: 'r' })) {} };
for (let round = 0; round < 3; round++) {
  await run('raw undici     ', raw); await run('adapter        ', adapter);
  await run('raw stream     ', rawStream); await run('adapter stream ', adapterStream);
}
console.log('connections', fake.connections);
await pool.close(); await model.close!(); await fake.close();
