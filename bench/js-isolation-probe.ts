/**
 * Measures what isolating a custom JS model costs, to choose between a worker thread and a child process per
 * replica (docs/architecture.md, "Custom JS models run in worker threads"). Both load the same trivial module and
 * report ready; the figures are the median of 10 cold starts and the resident memory each live replica adds.
 *
 *   node --import tsx bench/js-isolation-probe.ts
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

const starts = 10;
const liveReplicas = 8;

const modelSource = `export async function load() {}\nexport async function predict(records) { return records.map((r) => r); }\n`;
// The same bootstrap shape in both: import the model, call load, report ready.
const workerSource = `
const { parentPort, workerData } = require('node:worker_threads');
import(workerData.url).then(async (m) => { await m.load({}); parentPort.postMessage('ready'); });
`;
const childSource = `
const url = process.argv[2];
// Stay alive like a replica waiting for calls (the IPC channel alone does not hold the process).
process.on('message', () => undefined);
import(url).then(async (m) => { await m.load({}); process.send('ready'); });
`;

function median(values: number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

function startWorker(url: string): Promise<Worker> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerSource, { eval: true, workerData: { url }, env: {}, execArgv: [], resourceLimits: { maxOldGenerationSizeMb: 64 } });
    worker.once('message', () => resolve(worker));
    worker.once('error', reject);
  });
}

function startChild(script: string, url: string): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = fork(script, [url], { env: {}, execArgv: ['--max-old-space-size=64'], stdio: ['ignore', 'ignore', 'ignore', 'ipc'] });
    child.once('message', () => resolve(child));
    child.once('error', reject);
  });
}

async function residentKb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'cairn-isolation-'));
  try {
    await writeFile(join(dir, 'model.mjs'), modelSource);
    const childScript = join(dir, 'child.cjs');
    await writeFile(childScript, childSource);
    const url = pathToFileURL(join(dir, 'model.mjs')).href;

    // Memory first: a terminated worker's freed pages stay in the allocator and would hide later workers' cost.
    const before = await residentKb(process.pid);
    const workers = [];
    for (let index = 0; index < liveReplicas; index++) workers.push(await startWorker(url));
    const withWorkers = await residentKb(process.pid);
    await Promise.all(workers.map((worker) => worker.terminate()));
    const children = [];
    for (let index = 0; index < liveReplicas; index++) children.push(await startChild(childScript, url));
    const childKb = await Promise.all(children.map((child) => residentKb(child.pid ?? 0)));
    for (const child of children) child.kill();

    const workerTimes: number[] = [];
    const childTimes: number[] = [];
    for (let index = 0; index < starts; index++) {
      let started = performance.now();
      const worker = await startWorker(url);
      workerTimes.push(performance.now() - started);
      await worker.terminate();
      started = performance.now();
      const child = await startChild(childScript, url);
      childTimes.push(performance.now() - started);
      child.kill();
    }

    const report = {
      node: process.version,
      cold_start_ms_p50: { worker_thread: Number(median(workerTimes).toFixed(1)), child_process: Number(median(childTimes).toFixed(1)) },
      memory_per_replica_mb: {
        worker_thread: Number(((withWorkers - before) / liveReplicas / 1024).toFixed(1)),
        child_process: Number((childKb.reduce((sum, value) => sum + value, 0) / liveReplicas / 1024).toFixed(1)),
      },
    };
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
