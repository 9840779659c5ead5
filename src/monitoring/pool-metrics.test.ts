import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { createPoolMetrics } from './pool-metrics.js';

describe('pool metrics', () => {
  it('a config update keeps the new pool\'s gauges when the old pool closes after it started', async () => {
    const registry = new Registry();
    const metrics = createPoolMetrics(registry);
    const oldPool = {};
    const newPool = {};
    metrics.gauges('chat', 'main', { replicas: 2, queueDepth: 5, utilization: 1 }, oldPool);
    metrics.gauges('chat', 'main', { replicas: 1, queueDepth: 0, utilization: 0.25 }, newPool);
    metrics.forget('chat', 'main', oldPool);
    let text = await registry.metrics();
    expect(text).toContain('cairn_serving_replicas{endpoint="chat",served_entity="main"} 1');
    expect(text).toContain('cairn_serving_utilization{endpoint="chat",served_entity="main"} 0.25');

    metrics.forget('chat', 'main', newPool);
    text = await registry.metrics();
    expect(text).not.toContain('cairn_serving_replicas{endpoint="chat"');
    expect(text).not.toContain('cairn_serving_queue_depth{endpoint="chat"');
  });
});
