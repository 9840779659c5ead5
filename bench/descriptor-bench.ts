/**
 * Descriptor throughput: `node --import tsx bench/descriptor-bench.ts [rows]` (source) or, after a build,
 * `node dist/bench-descriptors.js`-style runs of the same module. Prints µs per 1 KB text for describeText, and
 * µs per row (chat call, ~200-char prompt, ~1 KB answer, demo embeddings) on the main thread and on the worker.
 */
import { describeCall, describeText } from '../src/monitoring/descriptors/index.js';
import { startDescriptorWorker } from '../src/monitoring/descriptors/worker-runner.js';
import { createDescriptorDemoEmbedder, STORED_DEMO_DIMENSIONS } from '../src/monitoring/descriptors/embeddings.js';

const rows = Number(process.argv[2] ?? 2000);
const sentences = [
  'Photosynthesis converts light energy into chemical energy stored in glucose.',
  'Plants, algae and some bacteria use chlorophyll to absorb red and blue light.',
  'The process releases oxygen as a by-product, which most animals need to breathe.',
  'In the Calvin cycle, carbon dioxide is fixed into sugars using ATP and NADPH.',
  'Scientists still study how efficiently different crops capture sunlight.',
];
function text(length: number, seed: number): string {
  let result = '';
  for (let index = seed; result.length < length; index++) result += `${sentences[index % sentences.length]} `;
  return result.slice(0, length);
}
const payloads = Array.from({ length: rows }, (_, index) => ({
  request: JSON.stringify({ model: 'demo-chat', messages: [{ role: 'user', content: `${text(200, index)} (${index})` }] }),
  response: JSON.stringify({ choices: [{ message: { role: 'assistant', content: text(1024, index + 2) } }] }),
}));

const kb = text(1024, 0);
for (let index = 0; index < 200; index++) describeText(kb);
let started = performance.now();
for (let index = 0; index < 2000; index++) describeText(text(1024, index));
console.log(`describeText, 1 KB English: ${(((performance.now() - started) * 1000) / 2000).toFixed(0)} µs`);

const demo = createDescriptorDemoEmbedder();
for (let index = 0; index < 100; index++) describeCall(payloads[index % rows]!, { embedSync: demo.embedSync, foldTo: STORED_DEMO_DIMENSIONS });
started = performance.now();
for (const payload of payloads) describeCall(payload, { embedSync: demo.embedSync, foldTo: STORED_DEMO_DIMENSIONS });
const mainUs = ((performance.now() - started) * 1000) / rows;
console.log(`describeCall on the main thread: ${mainUs.toFixed(0)} µs/row (${Math.round(1e6 / mainUs)} rows/s)`);

const worker = startDescriptorWorker((error) => console.error(error));
await worker.describe(payloads.slice(0, 64), true);
started = performance.now();
let busy = 0;
for (let start = 0; start < rows; start += 64) busy += (await worker.describe(payloads.slice(start, start + 64), true)).elapsedMs;
const wall = performance.now() - started;
console.log(`worker thread: ${((busy * 1000) / rows).toFixed(0)} µs/row of worker CPU, ${((wall * 1000) / rows).toFixed(0)} µs/row wall incl. messaging (${Math.round((rows * 1000) / wall)} rows/s)`);
await worker.close();
