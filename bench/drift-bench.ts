/**
 * Drift over 100 000 reference and 100 000 current rows of ten scalar descriptor columns (the target: under
 * 1 s). `runDriftBench()` builds the rows outside the timed part and returns the time compareDatasets takes, in ms
 * (median of `rounds`). Run alone with `node --import tsx bench/drift-bench.ts`.
 */
import { pathToFileURL } from 'node:url';
import { compareDatasets } from '../src/monitoring/drift/index.js';

export interface DriftBenchResult {
  rows: number;
  columns: number;
  /** Median elapsed time of compareDatasets over the rounds. */
  elapsedMs: number;
  roundsMs: number[];
  /** Median CPU time (user + system) of the same rounds: less sensitive than wall time to a busy machine. */
  cpuMs: number;
  tests: Record<string, number>;
}

/** Rows shaped like a call's descriptors: lengths, tokens, scores, language, flags. */
function descriptorRows(count: number, seed: number, shift: number): Record<string, unknown>[] {
  let x = seed;
  const next = (): number => {
    x = (16807 * x) % 2147483647;
    return x / 2147483647;
  };
  const languages = ['en', 'de', 'fr', 'es', 'it', 'unknown'];
  return Array.from({ length: count }, () => ({
    'prompt.chars': Math.round(400 * -Math.log(1 - next()) * (1 + shift)),
    'prompt.tokens': Math.round(100 * -Math.log(1 - next()) * (1 + shift)),
    'response.chars': Math.round(900 * -Math.log(1 - next())),
    'response.tokens': Math.round(220 * -Math.log(1 - next())),
    'response.readability': 60 + 15 * (next() + next() + next() - 1.5) + shift * 10,
    'response.toxicity': next() ** 6,
    'response.distinct_2': 0.6 + 0.4 * next(),
    'prompt.language': languages[Math.min(languages.length - 1, Math.floor(-Math.log(1 - next()) * (1.2 + shift)))],
    'response.refusal': next() < 0.03 + shift * 0.05,
    'response.pii_count': next() < 0.9 ? 0 : Math.ceil(next() * 4),
  }));
}

export function runDriftBench(options: { rows?: number; rounds?: number } = {}): DriftBenchResult {
  const rows = options.rows ?? 100_000;
  const rounds = options.rounds ?? 3;
  const reference = descriptorRows(rows, 17, 0);
  const current = descriptorRows(rows, 29, 0.1);
  const roundsMs: number[] = [];
  const cpuRoundsMs: number[] = [];
  let tests: Record<string, number> = {};
  for (let round = 0; round < rounds; round++) {
    const started = performance.now();
    const cpuStarted = process.cpuUsage();
    const report = compareDatasets(reference, current);
    roundsMs.push(performance.now() - started);
    const cpu = process.cpuUsage(cpuStarted);
    cpuRoundsMs.push((cpu.user + cpu.system) / 1000);
    tests = {};
    for (const column of report.columns) tests[column.test] = (tests[column.test] ?? 0) + 1;
  }
  const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  return { rows, columns: 10, elapsedMs: median(roundsMs), roundsMs, cpuMs: median(cpuRoundsMs), tests };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = runDriftBench();
  console.log(
    `drift: ${result.rows} reference + ${result.rows} current rows × ${result.columns} columns: median ${result.elapsedMs.toFixed(0)} ms wall, ${result.cpuMs.toFixed(0)} ms CPU ` +
      `(rounds ${result.roundsMs.map((ms) => ms.toFixed(0)).join(', ')} ms; tests ${JSON.stringify(result.tests)}; target < 1000 ms)`,
  );
}
