import type { MetricObjectWithValues, MetricValue, Registry } from 'prom-client';

/** Prometheus text-format escaping (exposition format 0.0.4). */
function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

function escapeHelp(help: string): string {
  return help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

function formatNumber(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Number.POSITIVE_INFINITY) return '+Inf';
  if (value === Number.NEGATIVE_INFINITY) return '-Inf';
  return String(value);
}

function formatSample(name: string, sample: MetricValue<string>): string {
  const labels = Object.entries(sample.labels)
    .filter(([, value]) => value !== undefined)
    .map(([label, value]) => `${label}="${escapeLabelValue(typeof value === 'number' ? formatNumber(value) : String(value))}"`);
  const metricName = (sample as MetricValue<string> & { metricName?: string }).metricName ?? name;
  return `${metricName}${labels.length > 0 ? `{${labels.join(',')}}` : ''} ${formatNumber(sample.value)}`;
}

/**
 * The registry's series whose `endpoint` label equals `endpoint`, in Prometheus text format. Metrics without such
 * a series (process metrics, HTTP routes, capture) are left out entirely, so an endpoint's owner sees only its own
 * numbers.
 */
export async function renderEndpointMetrics(registry: Registry, endpoint: string): Promise<string> {
  const metrics = (await registry.getMetricsAsJSON()) as Array<MetricObjectWithValues<MetricValue<string>>>;
  const blocks: string[] = [];
  for (const metric of metrics) {
    const samples = metric.values.filter((sample) => (sample.labels as Record<string, unknown>).endpoint === endpoint);
    if (samples.length === 0) continue;
    const lines = [`# HELP ${metric.name} ${escapeHelp(metric.help)}`, `# TYPE ${metric.name} ${metric.type}`];
    for (const sample of samples) lines.push(formatSample(metric.name, sample));
    blocks.push(lines.join('\n'));
  }
  return blocks.length > 0 ? `${blocks.join('\n\n')}\n` : '';
}
