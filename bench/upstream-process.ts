import { startFakeOpenAiUpstream, type FakeUpstreamMode } from '../src/providers/test-support/fake-openai-upstream.js';
import { serveParent } from './ipc.js';

/** The fake OpenAI-compatible upstream in its own process, so its CPU is not charged to the proxy under test. */
const upstream = await startFakeOpenAiUpstream({ record: false, mode: 'ok' });

serveParent(
  { url: upstream.url },
  {
    mode: (payload) => void upstream.setMode(payload as FakeUpstreamMode),
    counters: () => ({ requests: upstream.requestCount, connections: upstream.connections, aborted: upstream.abortedRequests }),
  },
  () => upstream.close(),
);
