import { startFakeOpenAiUpstream } from './src/providers/test-support/fake-openai-upstream.js';
const fake = await startFakeOpenAiUpstream({ record: false });
console.log(fake.url);
