import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseStatusFilter } from './argument-parsers.js';
import { CliError } from './cli-error.js';
import { configFromDocument } from './commands/endpoints.js';
import { advanceFollowCursor, formatLogLine } from './commands/logs.js';
import { mlflowString, parseStage } from './commands/models.js';
import { parseLevel, parseObjectKind } from './commands/permissions.js';
import { parsePrincipalKind, scimEquals } from './commands/principals.js';
import { configVersionsTable, endpointDetails } from './endpoint-format.js';
import { buildInvocationBody, readStreamEvent, renderInvocationResult } from './invocation.js';
import { formatKeyValues, formatTable } from './output.js';

const noFile = () => {
  throw new Error('no file expected');
};

describe('formatTable', () => {
  it('starts every column at the same offset on every row', () => {
    const cell = fc.string({ maxLength: 12 }).filter((text) => !/[\s]/.test(text) && text !== '');
    fc.assert(
      fc.property(fc.array(fc.tuple(cell, cell, cell), { minLength: 1, maxLength: 8 }), (rows) => {
        const lines = formatTable(['name', 'state', 'task'], rows).split('\n');
        const widths = [0, 1].map((column) => Math.max(['name', 'state'][column]!.length, ...rows.map((row) => row[column]!.length)));
        for (const [index, line] of lines.entries()) {
          const texts: readonly string[] = index === 0 ? ['NAME', 'STATE', 'TASK'] : rows[index - 1]!;
          expect(line).toBe(`${texts[0]!.padEnd(widths[0]!)}  ${texts[1]!.padEnd(widths[1]!)}  ${texts[2]}`);
        }
      }),
    );
  });

  it('shows missing values as "-" and keeps a row on one line', () => {
    expect(formatTable(['a', 'b'], [[undefined, 'x\ny']])).toBe('A  B\n-  x y');
  });
});

describe('formatKeyValues', () => {
  it('aligns the values and leaves out undefined entries', () => {
    expect(formatKeyValues([['name', 'demo'], ['missing', undefined], ['config version', 2]])).toBe('name:           demo\nconfig version: 2');
  });
});

describe('buildInvocationBody (cairn endpoints query)', () => {
  it('builds chat, completion and embeddings bodies with the generation flags', () => {
    expect(buildInvocationBody({ message: 'hi', system: 'be brief', maxTokens: '16', temperature: '0.2', stream: true }, noFile)).toEqual({
      messages: [
        { role: 'system', content: 'be brief' },
        { role: 'user', content: 'hi' },
      ],
      max_tokens: 16,
      temperature: 0.2,
      stream: true,
    });
    expect(buildInvocationBody({ prompt: 'Once' }, noFile)).toEqual({ prompt: 'Once' });
    expect(buildInvocationBody({ input: 'embed me' }, noFile)).toEqual({ input: 'embed me' });
    expect(buildInvocationBody({ file: 'body.json', maxTokens: '5' }, () => ({ dataframe_records: [{ prompt: 'x' }] }))).toEqual({
      dataframe_records: [{ prompt: 'x' }],
      max_tokens: 5,
    });
  });

  it('needs exactly one input and valid numbers (usage errors, exit 2)', () => {
    for (const options of [{}, { message: 'a', prompt: 'b' }, { message: 'a', maxTokens: 'ten' }, { message: 'a', temperature: 'hot' }, { input: 'x', stream: true }, { prompt: 'p', system: 's' }]) {
      expect(() => buildInvocationBody(options, noFile)).toThrow(CliError);
      try {
        buildInvocationBody(options, noFile);
      } catch (error) {
        expect((error as CliError).exitCode).toBe(2);
      }
    }
  });
});

describe('readStreamEvent', () => {
  it('reads text deltas of chat and completion chunks', () => {
    expect(readStreamEvent('{"object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"Hel"}}]}')).toEqual({ kind: 'text', text: 'Hel' });
    expect(readStreamEvent('{"object":"text_completion","choices":[{"index":0,"text":"lo"}]}')).toEqual({ kind: 'text', text: 'lo' });
    expect(readStreamEvent('{"choices":[{"index":0,"delta":{"role":"assistant"}}]}')).toEqual({ kind: 'other' });
    expect(readStreamEvent('{"choices":[],"usage":{"prompt_tokens":1}}')).toEqual({ kind: 'other' });
    expect(readStreamEvent('[DONE]')).toEqual({ kind: 'done' });
  });

  it("turns an error event into the server's message and code", () => {
    const event = readStreamEvent('{"error":{"error_code":"UPSTREAM_CONNECTION_ERROR","message":"The upstream closed the connection."}}');
    expect(event.kind).toBe('error');
    expect(event.kind === 'error' && event.error.message).toBe('The upstream closed the connection. (UPSTREAM_CONNECTION_ERROR)');
    expect(readStreamEvent('not json').kind).toBe('error');
  });
});

describe('renderInvocationResult', () => {
  it('prints the generated text, an embedding summary, or the predictions as JSON', () => {
    expect(renderInvocationResult({ choices: [{ message: { role: 'assistant', content: 'Hello.' } }] })).toBe('Hello.');
    expect(renderInvocationResult({ choices: [{ text: 'a' }, { text: 'b' }] })).toBe('[0] a\n[1] b');
    expect(renderInvocationResult({ data: [{ object: 'embedding', index: 0, embedding: [0.5, -0.25, 0, 1, 2] }] })).toBe(
      'embedding 0: 5 dimensions [0.5000, -0.2500, 0.0000, 1.0000, …]',
    );
    expect(renderInvocationResult({ predictions: ['x'] })).toBe('[\n  "x"\n]');
  });
});

describe('endpoint rendering', () => {
  it('shows each served entity with its share of traffic', () => {
    const text = endpointDetails({
      name: 'support',
      id: 'e-1',
      state: { ready: 'READY', config_update: 'NOT_UPDATING' },
      config: {
        config_version: 2,
        served_entities: [
          { name: 'blue', entity_name: 'demo', entity_version: '1', state: { deployment: 'DEPLOYMENT_READY' } },
          { name: 'gpt', external_model: { name: 'gpt-4o-mini', provider: 'openai' } },
        ],
        traffic_config: { routes: [{ served_entity_name: 'blue', traffic_percentage: 80 }, { served_entity_name: 'gpt', traffic_percentage: 20 }] },
      },
    });
    expect(text).toContain('state:          READY (config update: NOT_UPDATING)');
    expect(text).toContain('config version: 2');
    expect(text).toMatch(/blue\s+demo v1\s+80%\s+DEPLOYMENT_READY/);
    expect(text).toMatch(/gpt\s+openai gpt-4o-mini\s+20%/);
  });

  it('shows a pooled entity\'s serving state and replicas', () => {
    const text = endpointDetails({
      name: 'keywords',
      state: { ready: 'READY', config_update: 'NOT_UPDATING' },
      config: {
        served_entities: [
          {
            name: 'rake', entity_name: 'keywords', entity_version: '3',
            state: { deployment: 'DEPLOYMENT_READY', serving_state: 'SCALED_TO_ZERO', replicas: { replicas: 0, max_replicas: 4, queue_depth: 0 } },
          },
        ],
      },
    });
    expect(text).toMatch(/rake\s+keywords v3\s+100%\s+SCALED_TO_ZERO\s+0\/4 \(queue 0\)/);
  });

  it('marks the current config version', () => {
    const lines = configVersionsTable([
      { config_version: 2, current: true, created_at: Date.UTC(2025, 0, 1), served_entities: [{ name: 'a', entity_name: 'demo', entity_version: '1' }] },
      { config_version: 1, current: false, created_at: Date.UTC(2024, 11, 31), served_entities: [] },
    ]).split('\n');
    expect(lines[1]).toMatch(/^2\s+\*\s+2025-01-01 00:00:00/);
    expect(lines[2]).toMatch(/^1\s+2024-12-31/);
  });

  it('`endpoints update` takes a bare config or a whole create file', () => {
    const config = { served_entities: [{ entity_name: 'demo', entity_version: '1' }] };
    expect(configFromDocument(config, 'f')).toBe(config);
    expect(configFromDocument({ name: 'x', config }, 'f')).toBe(config);
    expect(() => configFromDocument({ name: 'x' }, 'f')).toThrow(CliError);
  });
});

describe('flag parsers', () => {
  it('normalises stages, principal kinds, object types and levels', () => {
    expect(parseStage('production')).toBe('Production');
    expect(() => parseStage('prod')).toThrow(CliError);
    expect(['users', 'service_principal', 'sp', 'Groups'].map(parsePrincipalKind)).toEqual(['user', 'service-principal', 'service-principal', 'group']);
    expect(['endpoint', 'registered-models'].map(parseObjectKind)).toEqual(['endpoint', 'model']);
    expect(['query', 'can_manage', 'CAN_EDIT'].map(parseLevel)).toEqual(['CAN_QUERY', 'CAN_MANAGE', 'CAN_EDIT']);
    expect(['2xx', '5XX', 'error', '429'].map(parseStatusFilter)).toEqual(['2xx', '5xx', 'error', '429']);
    expect(() => parseStatusFilter('ok')).toThrow(CliError);
  });

  it('quotes names inside MLflow and SCIM filters', () => {
    expect(mlflowString("it's")).toBe("'it\\'s'");
    expect(scimEquals('userName', 'a"b')).toBe('userName eq "a\\"b"');
  });
});

describe('formatLogLine (cairn logs)', () => {
  it('puts time, status, served entity, duration, tokens and request id on one line', () => {
    const line = formatLogLine({
      request_time: Date.UTC(2025, 0, 31, 14, 5, 9, 123),
      status_code: 502,
      served_entity_name: 'gpt',
      execution_duration_ms: 1234,
      input_tokens: 12,
      output_tokens: 34,
      stream: true,
      request_id: 'req-1',
      error_code: 'UPSTREAM_ERROR',
    });
    expect(line).toMatch(/^2025-01-31 14:05:09\.123\s+502\s+gpt\s+1\.23s\s+12→34\s+stream\s+req-1\s+UPSTREAM_ERROR$/);
  });
});

describe('advanceFollowCursor (cairn logs --follow)', () => {
  const row = (time: number, id: string) => ({ request_time: time, request_id: id });

  it('prints every row exactly once however polls overlap, even when calls share a millisecond', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 1, max: 20 }), fc.uuid()), { maxLength: 30 }),
        fc.array(fc.nat({ max: 30 }), { maxLength: 6 }),
        (entries, pollSizes) => {
          const all = [...new Map(entries.map(([time, id]) => [id, row(time, id)])).values()].sort((a, b) => a.request_time - b.request_time);
          // Rows arrive in time order; each poll sees what was written so far from the cursor on (inclusive),
          // sometimes only part of the calls of one millisecond.
          let cursor = { newest: 0, seenAtNewest: new Set<string>() as ReadonlySet<string> };
          const printed: string[] = [];
          let written = 0;
          for (const size of [...pollSizes, all.length]) {
            written = Math.min(all.length, Math.max(written, size));
            const visible = all.slice(0, written).filter((candidate) => candidate.request_time >= cursor.newest);
            const step = advanceFollowCursor(cursor, visible);
            printed.push(...step.fresh.map((fresh) => String(fresh.request_id)));
            cursor = step.cursor;
          }
          expect(printed.sort()).toEqual(all.map((entry) => entry.request_id).sort());
        },
      ),
    );
  });
});
