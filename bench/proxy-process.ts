import { startBareProxy } from './bare-proxy.js';
import { serveParent } from './ipc.js';

const upstreamOrigin = process.env.BENCH_UPSTREAM_ORIGIN;
const upstreamApiKey = process.env.BENCH_UPSTREAM_API_KEY;
if (!upstreamOrigin || !upstreamApiKey) throw new Error('BENCH_UPSTREAM_ORIGIN and BENCH_UPSTREAM_API_KEY are required');

const proxy = await startBareProxy({ upstreamOrigin, upstreamApiKey });
serveParent({ url: proxy.url }, {}, () => proxy.close());
