import { type Random, seededRandom } from '../../src/lib/seeded-random.js';
import type { EvalCase, EvalType } from './pii-eval.js';

/*
 * Cairn's own secret cases (SEC-PII-4): credentials in each vendor's published format, generated from a fixed seed
 * so every run scores the same texts, set in the sentences and config lines people paste into prompts; and
 * look-alikes that are not credentials (digests, UUIDs, model ids, paths, identifiers), which must stay unflagged.
 * None of these values is a real credential.
 */

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';
const BASE62 = UPPER + LOWER + DIGITS;
const URL_SAFE = `${BASE62}_-`;
const HEX = '0123456789abcdef';

function pick(random: Random, alphabet: string, length: number): string {
  let result = '';
  for (let index = 0; index < length; index += 1) result += alphabet[Math.floor(random() * alphabet.length)];
  return result;
}

function choose<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

function base64Url(value: string): string {
  return Buffer.from(value).toString('base64url');
}

/** Vendor formats (prefix + body as documented by each vendor or as their scanners match them). */
const generators: ReadonlyArray<{ name: string; make: (random: Random) => string }> = [
  { name: 'openai-project', make: (random) => `sk-proj-${pick(random, URL_SAFE, 48)}${pick(random, DIGITS, 2)}` },
  { name: 'openai-legacy', make: (random) => `sk-${pick(random, BASE62, 46)}${pick(random, DIGITS, 2)}` },
  { name: 'anthropic', make: (random) => `sk-ant-api03-${pick(random, URL_SAFE, 93)}AA` },
  { name: 'aws-access-key-id', make: (random) => `AKIA${pick(random, `${UPPER}234567`, 16)}` },
  { name: 'github-classic', make: (random) => `ghp_${pick(random, BASE62, 36)}` },
  { name: 'github-fine-grained', make: (random) => `github_pat_${pick(random, BASE62, 22)}_${pick(random, BASE62, 59)}` },
  { name: 'slack-bot', make: (random) => `xoxb-${pick(random, DIGITS, 12)}-${pick(random, DIGITS, 13)}-${pick(random, BASE62, 24)}` },
  { name: 'stripe-live', make: (random) => `sk_live_${pick(random, BASE62, 24)}` },
  { name: 'google-api', make: (random) => `AIza${pick(random, URL_SAFE, 35)}` },
  { name: 'gitlab', make: (random) => `glpat-${pick(random, URL_SAFE, 20)}` },
  { name: 'huggingface', make: (random) => `hf_${pick(random, BASE62, 34)}` },
  { name: 'npm', make: (random) => `npm_${pick(random, BASE62, 36)}` },
  { name: 'sendgrid', make: (random) => `SG.${pick(random, URL_SAFE, 22)}.${pick(random, URL_SAFE, 43)}` },
  {
    name: 'jwt',
    make: (random) =>
      `${base64Url('{"alg":"HS256","typ":"JWT"}')}.${base64Url(`{"sub":"${pick(random, DIGITS, 10)}","iat":${pick(random, DIGITS, 10)}}`)}.${pick(random, URL_SAFE, 43)}`,
  },
  { name: "high-entropy", make: (random) => pick(random, BASE62, 32 + Math.floor(random() * 32)) },
];

/** Sentences and config lines around a secret; `{}` is where it goes. */
const templates = [
  'here is my key {} can you check why the call fails?',
  'export API_TOKEN="{}"',
  'Authorization: Bearer {}',
  '{"credentials": {"value": "{}"}}',
  'I accidentally pushed {} to the repo, how do I rotate it?',
  'config:\n  upstream_key: {}\n  timeout: 30',
  "client = Client('{}')",
  'token={}&user=alice',
];

/** Strings that look random or key-like but are not credentials. */
function lookAlikes(random: Random): string[] {
  const uuid = () => `${pick(random, HEX, 8)}-${pick(random, HEX, 4)}-4${pick(random, HEX, 3)}-a${pick(random, HEX, 3)}-${pick(random, HEX, 12)}`;
  return [
    `request id ${uuid()} failed`,
    `Request-Id: ${uuid().toUpperCase()}`,
    `commit ${pick(random, HEX, 40)} fixed the bug`,
    `see ${pick(random, HEX, 7)} for the change`,
    `the sha256 is ${pick(random, HEX, 64)}`,
    `image digest sha256:${pick(random, HEX, 64)}`,
    `md5 ${pick(random, HEX, 32)}`,
    'use meta-llama/Meta-Llama-3.1-8B-Instruct or mistralai/Mistral-7B-Instruct-v0.2 for this',
    'the model gpt-4o-mini-2024-07-18 and claude-3-5-sonnet-20241022 both answer',
    'open /usr/local/lib/node_modules/typescript/lib/tsc.js and src/gateway/pii/detect-secrets.ts',
    'docs at https://example.com/docs/getting-started/installation?tab=npm#requirements',
    'AbstractSingletonProxyFactoryBean extends SimpleBeanFactoryAwareAspectInstanceFactory',
    'install @typescript-eslint/eslint-plugin and eslint-config-prettier',
    'internationalization and localization (i18n, l10n) for EuropeanUnionRegulation2016679',
    'the skeleton key for sk-learn is not a secret, nor is ghp or xoxb mentioned alone',
    'my password is something I will not tell you',
    'token count: 1234 tokens, secret sauce: garlic',
    `ISBN 978-3-16-148410-0, order ORD-2024-${pick(random, DIGITS, 8)}`,
    'CamelCaseVariableName1 and anotherVariableName2 are fields of MyClassV2Handler',
  ];
}

/** Deterministic secret cases: every generator in every template, plus the look-alikes (no gold spans). */
export function secretCases(seed = 20240607): EvalCase[] {
  const random = seededRandom(seed);
  const scored = new Set<EvalType>(['SECRET']);
  const cases: EvalCase[] = [];
  for (const generator of generators) {
    for (const template of templates) {
      const secret = generator.make(random);
      const start = template.indexOf('{}');
      const text = template.slice(0, start) + secret + template.slice(start + 2);
      cases.push({ text, gold: [{ start, end: start + secret.length, type: 'SECRET' }], scoredTypes: scored });
    }
  }
  for (let round = 0; round < 3; round += 1) {
    for (const text of lookAlikes(random)) cases.push({ text, gold: [], scoredTypes: scored });
  }
  // A PEM block: the whole block is the secret.
  const pem = `-----BEGIN ${choose(random, ['RSA ', 'EC ', 'OPENSSH ', ''])}PRIVATE KEY-----\n${pick(random, `${BASE62}+/`, 64)}\n${pick(random, `${BASE62}+/`, 40)}==\n-----END `;
  const label = pem.slice(11, pem.indexOf('-----', 11));
  const block = `${pem}${label}-----`;
  const prefix = 'my deploy key:\n';
  cases.push({ text: `${prefix}${block}\nthanks`, gold: [{ start: prefix.length, end: prefix.length + block.length, type: 'SECRET' }], scoredTypes: scored });
  return cases;
}
