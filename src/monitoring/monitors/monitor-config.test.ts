import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CairnError } from '../../errors/index.js';
import { checkMonitorColumns, intervalMs, parseMonitorConfig } from './monitor-config.js';

const drift = { endpoint_name: 'ep', name: 'm1', kind: 'drift', reference: { type: 'window', start: 0, end: 1000 }, current_window_seconds: 60 };
const quality = { endpoint_name: 'ep', name: 'q1', kind: 'quality', current_window_seconds: 60 };

function rejection(input: unknown): CairnError {
  try {
    parseMonitorConfig(input);
  } catch (error) {
    expect(error).toBeInstanceOf(CairnError);
    return error as CairnError;
  }
  throw new Error('expected a rejection');
}

describe('monitor config', () => {
  it('applies defaults', () => {
    const parsed = parseMonitorConfig(drift);
    expect(parsed).toMatchObject({ kind: 'drift', drift_share: 0.5, min_rows: 30 });
    const q = parseMonitorConfig(quality);
    expect(q.kind === 'quality' && q.evaluators).toEqual(['relevance', 'groundedness', 'hallucination_markers', 'refusal_rate', 'empty_rate', 'diversity']);
    expect(intervalMs(parsed, 60_000)).toBe(60_000);
    expect(intervalMs({ ...parsed, interval_seconds: 1 }, 60_000)).toBe(1000);
  });

  it.each([
    ['zero current window', { ...drift, current_window_seconds: 0 }, 'current_window_seconds'],
    ['negative current window', { ...drift, current_window_seconds: -5 }, 'current_window_seconds'],
    ['zero reference duration', { ...drift, reference: { type: 'version_start', duration_seconds: 0 } }, 'reference.duration_seconds'],
    ['reference window ending before it starts', { ...drift, reference: { type: 'window', start: 10, end: 10 } }, 'reference.end must be later'],
    ['interval under a second', { ...drift, interval_seconds: 0.5 }, 'interval_seconds'],
    ['a dot in the name', { ...drift, name: 'a.b' }, 'name'],
    ['unknown field', { ...drift, colums: ['x'] }, 'colums'],
    ['unknown kind', { ...drift, kind: 'latency' }, 'kind'],
    ['judge with empty range', { ...quality, judge: { endpoint: 'j', rubric: 'r', score_min: 1, score_max: 1 } }, 'score_max'],
    ['unknown evaluator', { ...quality, evaluators: ['vibes'] }, 'evaluators'],
  ])('refuses %s with a 400 naming the field', (_name, input, fragment) => {
    const error = rejection(input);
    expect(error.status).toBe(400);
    expect(error.message).toContain(fragment);
  });

  it('refuses unknown columns and lists the valid ones', () => {
    const config = parseMonitorConfig({ ...drift, columns: ['prompt_chars', 'prompt_colour'], thresholds: { nope: 0.1 } });
    let error: CairnError | undefined;
    try {
      checkMonitorColumns(config, ['prompt_chars', 'prompt_language']);
    } catch (caught) {
      error = caught as CairnError;
    }
    expect(error?.status).toBe(400);
    expect(error?.message).toContain('prompt_colour, nope');
    expect(error?.message).toContain('Valid columns: prompt_chars, prompt_language');
    expect(error?.details).toMatchObject({ unknown_columns: ['prompt_colour', 'nope'] });
  });

  it('never fails other than with a 400 on arbitrary input', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), fc.record({ kind: fc.constantFrom('drift', 'quality'), current_window_seconds: fc.double(), name: fc.string() })), (input) => {
        try {
          parseMonitorConfig(input);
        } catch (error) {
          expect(error).toBeInstanceOf(CairnError);
          expect((error as CairnError).status).toBe(400);
        }
      }),
    );
  });
});
