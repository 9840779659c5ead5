import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../src/test-support/test-server.js';

interface Panel {
  title: string;
  targets: Array<{ expr: string }>;
}

const dashboard = JSON.parse(readFileSync(new URL('../deploy/grafana/cairn-dashboard.json', import.meta.url), 'utf8')) as {
  panels: Panel[];
  templating: { list: Array<{ query?: unknown }> };
};

/** Metric families in Prometheus text format and the label names seen on their samples. */
function parseExposition(text: string): Map<string, Set<string>> {
  const families = new Map<string, Set<string>>();
  for (const line of text.split('\n')) {
    const type = /^# TYPE (\S+) /.exec(line);
    if (type) families.set(type[1]!, families.get(type[1]!) ?? new Set());
  }
  for (const line of text.split('\n')) {
    const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*)\{([^}]*)\}/.exec(line);
    if (!sample) continue;
    const family = families.has(sample[1]!) ? sample[1]! : sample[1]!.replace(/_(bucket|sum|count)$/, '');
    const labels = families.get(family);
    if (!labels) continue;
    for (const pair of sample[2]!.matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="/g)) labels.add(pair[1]!);
  }
  return families;
}

/** The metric names a PromQL expression reads, and the labels it groups or filters by. */
function referencesOf(expr: string): Array<{ metric: string; labels: string[] }> {
  const grouping = [...expr.matchAll(/\bby \(([^)]*)\)/g)].flatMap((match) => match[1]!.split(',').map((label) => label.trim())).filter((label) => label !== 'le');
  return [...expr.matchAll(/\b((?:cairn|gen_ai)_[a-z0-9_]+)(\{([^}]*)\})?/g)].map((match) => ({
    metric: match[1]!,
    labels: [...grouping, ...[...(match[3] ?? '').matchAll(/([a-z_]+)\s*(=~|!=|=)/g)].map((pair) => pair[1]!)],
  }));
}

describe('Grafana dashboard (deploy/grafana)', () => {
  let server: TestServer;
  let families: Map<string, Set<string>>;
  beforeAll(async () => {
    server = await startTestServer();
    await server.request('/v1/chat/completions', { method: 'POST', json: { model: 'demo-chat', messages: [{ role: 'user', content: 'hello there' }], max_tokens: 4 } });
    await server.request('/v1/chat/completions', { method: 'POST', json: { model: 'demo-chat', messages: 'broken' } });
    const metrics = await server.request('/metrics');
    families = parseExposition(await metrics.text());
  });
  afterAll(async () => server.close());

  it('has panels and every panel has at least one query', () => {
    expect(dashboard.panels.length).toBeGreaterThanOrEqual(10);
    for (const panel of dashboard.panels) expect(panel.targets.length, panel.title).toBeGreaterThan(0);
  });

  it('queries only metrics and labels that Cairn exports', () => {
    const problems: string[] = [];
    let checked = 0;
    for (const panel of dashboard.panels) {
      for (const target of panel.targets) {
        for (const { metric, labels } of referencesOf(target.expr)) {
          checked += 1;
          const family = families.has(metric) ? metric : metric.replace(/_(bucket|sum|count)$/, '');
          const known = families.get(family);
          if (!known) {
            problems.push(`${panel.title}: unknown metric ${metric}`);
            continue;
          }
          // Labels are only visible on families that have samples; those without (no events yet) are checked by name.
          if (known.size === 0) continue;
          for (const label of labels) if (!known.has(label)) problems.push(`${panel.title}: ${family} has no label ${label}`);
        }
      }
    }
    expect(checked).toBeGreaterThan(15);
    expect(problems).toEqual([]);
    // The checker itself must catch a wrong name and a wrong label.
    expect(referencesOf('sum by (endpoint) (rate(cairn_nope_total{x="1"}[5m]))')).toEqual([{ metric: 'cairn_nope_total', labels: ['endpoint', 'x'] }]);
  });
});
