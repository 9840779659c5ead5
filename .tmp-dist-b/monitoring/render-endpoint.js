/** Prometheus text-format escaping (exposition format 0.0.4). */
function escapeLabelValue(value) {
    return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}
function escapeHelp(help) {
    return help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}
function formatNumber(value) {
    if (Number.isNaN(value))
        return 'NaN';
    if (value === Number.POSITIVE_INFINITY)
        return '+Inf';
    if (value === Number.NEGATIVE_INFINITY)
        return '-Inf';
    return String(value);
}
function formatSample(name, sample) {
    const labels = Object.entries(sample.labels)
        .filter(([, value]) => value !== undefined)
        .map(([label, value]) => `${label}="${escapeLabelValue(typeof value === 'number' ? formatNumber(value) : String(value))}"`);
    const metricName = sample.metricName ?? name;
    return `${metricName}${labels.length > 0 ? `{${labels.join(',')}}` : ''} ${formatNumber(sample.value)}`;
}
/**
 * The registry's series whose `endpoint` label equals `endpoint`, in Prometheus text format. Metrics without such
 * a series (process metrics, HTTP routes, capture) are left out entirely, so an endpoint's owner sees only its own
 * numbers.
 */
export async function renderEndpointMetrics(registry, endpoint) {
    const metrics = (await registry.getMetricsAsJSON());
    const blocks = [];
    for (const metric of metrics) {
        const samples = metric.values.filter((sample) => sample.labels.endpoint === endpoint);
        if (samples.length === 0)
            continue;
        const lines = [`# HELP ${metric.name} ${escapeHelp(metric.help)}`, `# TYPE ${metric.name} ${metric.type}`];
        for (const sample of samples)
            lines.push(formatSample(metric.name, sample));
        blocks.push(lines.join('\n'));
    }
    return blocks.length > 0 ? `${blocks.join('\n\n')}\n` : '';
}
//# sourceMappingURL=render-endpoint.js.map