import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CliError } from './cli-error.js';
import { compareFiles, formatDriftReport, parseAssignments } from './drift-compare.js';
import { runCli } from './test-support/run-cli.js';

const directory = mkdtempSync(path.join(tmpdir(), 'cairn-drift-cli-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

function file(name: string, rows: unknown[] | string): string {
  const target = path.join(directory, name);
  writeFileSync(target, typeof rows === 'string' ? rows : rows.map((row) => JSON.stringify(row)).join('\n') + '\n');
  return target;
}

/** Deterministic pseudo-random rows: latency, a status flag and an English (or German) prompt. */
function dataset(n: number, seed: number, shift: number, german: boolean): Record<string, unknown>[] {
  let x = seed;
  const next = (): number => {
    x = (16807 * x) % 2147483647;
    return x / 2147483647;
  };
  return Array.from({ length: n }, (_, i) => ({
    latency_ms: Math.round(200 + shift + 100 * (next() + next() + next() - 1.5)),
    status: next() < 0.1 ? 'error' : 'ok',
    prompt: `${german ? 'Wie kann ich mein Passwort zurücksetzen, bitte hilf mir schnell' : 'How do I reset my password, please help me quickly'} (ticket ${i})`,
    score: i % 3 === 0 ? null : next(),
  }));
}

const reference = file('reference.jsonl', dataset(300, 1, 0, false));
const same = file('same.jsonl', dataset(250, 2, 0, false));
const shifted = file('shifted.jsonl', dataset(250, 3, 60, true));

describe('cairn drift compare (in process)', () => {
  it('compares scalar columns directly and text columns through their descriptors', async () => {
    const calm = await compareFiles(reference, same, {});
    expect(calm.textColumns).toEqual(['prompt']);
    const names = calm.report.columns.map((column) => column.column);
    expect(names).toEqual(expect.arrayContaining(['latency_ms', 'status', 'score', 'prompt.chars', 'prompt.language']));
    expect(names).not.toContain('prompt');
    expect(calm.report.drifted_columns).toEqual([]);

    const drift = await compareFiles(reference, shifted, {});
    expect(drift.report.drifted_columns).toEqual(expect.arrayContaining(['latency_ms', 'prompt.language']));
    const text = formatDriftReport(drift);
    expect(text).toMatch(/^COLUMN\s+TYPE\s+TEST\s+STATISTIC\s+P-VALUE\s+THRESHOLD\s+VERDICT/);
    expect(text).toMatch(/latency_ms\s+numerical\s+ks\s+\S+\s+\S+\s+0\.05\s+DRIFT/);
    expect(text).toMatch(/Drifted columns: \d+ of \d+/);
  });

  it('applies --columns, --stattest and --threshold per column (and bare values to all)', async () => {
    const { report } = await compareFiles(reference, shifted, { columns: 'latency_ms,status', stattest: ['latency_ms=psi'], threshold: ['latency_ms=5', '0.01'] });
    expect(report.columns.map((column) => [column.column, column.test, column.threshold])).toEqual([
      ['latency_ms', 'psi', 5],
      ['status', 'z', 0.01],
    ]);
    expect(parseAssignments(['a=ks,b=z', 'psi'], '--stattest')).toEqual({ all: 'psi', byColumn: { a: 'ks', b: 'z' } });
  });

  it('rejects bad input with a clear usage error', async () => {
    const bad = file('bad.jsonl', '{"latency_ms": 1}\n{"latency_ms": 2,}\n');
    await expect(compareFiles(reference, bad, {})).rejects.toThrow(/bad\.jsonl:2: not valid JSON/);
    await expect(compareFiles(reference, file('list.jsonl', '[1]\n'), {})).rejects.toThrow(/list\.jsonl:1: each line must be a JSON object/);
    await expect(compareFiles(reference, path.join(directory, 'absent.jsonl'), {})).rejects.toThrow(/cannot read .*no such file/);
    await expect(compareFiles(reference, file('empty.jsonl', '\n'), {})).rejects.toThrow(/holds no rows/);
    await expect(compareFiles(reference, same, { columns: 'latency_ms,nope' })).rejects.toThrow(/--columns: no column "nope"/);
    await expect(compareFiles(reference, same, { stattest: ['latency_ms=magic'] })).rejects.toThrow(/unknown test "magic"/);
    await expect(compareFiles(reference, same, { stattest: ['status=ks'] })).rejects.toThrow(/needs a numerical column/);
    await expect(compareFiles(reference, same, { threshold: ['nope=0.1'] })).rejects.toThrow(/no column "nope"/);
    const error = await compareFiles(reference, same, { threshold: ['latency_ms=abc'] }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).exitCode).toBe(2);
  });
});

describe('cairn drift compare (as a process)', () => {
  it('exits 0 with drift, prints JSON with --json, and exits 2 naming file:line on a bad line', async () => {
    const json = await runCli(['drift', 'compare', reference, shifted, '--columns', 'latency_ms,status', '--json']);
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout) as { dataset_drifted: boolean; columns: Array<{ column: string; test: string }> };
    expect(report.dataset_drifted).toBe(true);
    expect(report.columns.map((column) => column.test)).toEqual(['ks', 'z']);
    const bad = await runCli(['drift', 'compare', reference, file('broken.jsonl', '{"a":1}\nnot json\n')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/broken\.jsonl:2: not valid JSON/);
  }, 90_000);
});
