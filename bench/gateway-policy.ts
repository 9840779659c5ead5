import type { AiGatewayConfigInput } from '../src/gateway/policy/ai-gateway-config.js';

/**
 * What the gateway suite sends and the policy it sends it under. The prompt is a realistic, benign support
 * conversation of about 2 KB: it must pass every guardrail (on topic, no listed keyword, far from an injection,
 * under the token cap) so both endpoints answer 200 and the difference is the policies' cost, not an error path.
 * It carries one e-mail address, as real support prompts do, so PII masking rewrites the request each time, and an
 * order number that differs per request: real prompts differ, and a cache keyed by the text (the injection
 * scorer keeps recent scores) must not answer the benchmark from memory.
 */

/** Policies off: the endpoint the core suite uses. Policies on: a second endpoint, same upstream, same process. */
export const POLICIES_ENDPOINT = 'bench-chat-policies';

const SYSTEM_PROMPT =
  'You are the customer support assistant of Northwind Outfitters, an online shop for hiking, camping and climbing gear. ' +
  'Answer questions about orders, shipping, returns, exchanges, warranties and product care. Be friendly and concise, ' +
  'quote the relevant policy when it helps, and suggest the next step the customer can take. When you are not sure, ' +
  'say so and offer to pass the case to a human colleague.';

const USER_PROMPT =
  'Hello, I ordered a two-person backpacking tent and a pair of trekking poles three weeks ago (order ORDER_NUMBER). ' +
  'The poles arrived fine, but the tent came with a bent pole section and one of the zips on the rain fly sticks ' +
  'badly, so I could not pitch it properly on my first trip last weekend. I would like to exchange the tent for the ' +
  'same model, ideally in green, rather than get a refund, because I have another hiking trip planned at the end of ' +
  'next month and I liked the weight and the size of the inner tent. ' +
  'Could you tell me how the exchange works for damaged items? Do I need to send the whole tent back, or only the ' +
  'broken pole and the rain fly? Is the return shipping free when the product arrived damaged, and how long does it ' +
  'usually take before the replacement is shipped? I still have the original box and the receipt that came with the ' +
  'parcel. I also read on your website that tents have a two-year warranty; does an exchange start the warranty ' +
  'period again, or does it keep the date of the first purchase? ' +
  'Separately, the trekking poles are great, but the carbide tips seem to wear quickly on rock. Do you sell ' +
  'replacement tips for that model, and are rubber tip protectors a good idea on mixed trails? ' +
  'Finally, please send any confirmation to my usual address, jamie.rivera@example.com, since I do not check the ' +
  'account messages very often. I can drop the parcel at a pickup point near my office on weekdays if that is easier ' +
  'than a courier collection. Thanks a lot for your help, and sorry for the long message!';

const ORDER_PLACEHOLDER = 'ORDER_NUMBER';

/** Six digits, so every body has the same length. */
function orderNumber(sequence: number): string {
  return String(100_000 + (sequence % 900_000));
}

/** The same messages for both endpoints; only `model` (the endpoint name) differs. */
export function gatewayRequestBody(endpoint: string, stream: boolean, sequence = 0): string {
  return gatewayBodies(endpoint, stream)(sequence);
}

/** Bodies by sequence number, cheap enough for the load generator to build one per request. */
export function gatewayBodies(endpoint: string, stream: boolean): (sequence: number) => string {
  const template = JSON.stringify({
    model: endpoint,
    messages: [
      { role: 'system', content: SYSTEM_PROMPT },
      { role: 'user', content: USER_PROMPT },
    ],
    max_tokens: 16,
    ...(stream ? { stream: true } : {}),
  });
  const [before, after] = template.split(ORDER_PLACEHOLDER) as [string, string];
  return (sequence) => before + orderNumber(sequence) + after;
}

/** A prompt the policies must refuse (an invalid keyword): the check that they are in force before measuring. */
export function blockedRequestBody(endpoint: string): string {
  const content = `${USER_PROMPT.replace(ORDER_PLACEHOLDER, orderNumber(0))} Please also attach the confidential roadmap.`;
  return JSON.stringify({ model: endpoint, messages: [{ role: 'user', content }], max_tokens: 16 });
}

/** Bytes of message text in the prompt (what the guardrails scan). */
export const PROMPT_TEXT_BYTES = Buffer.byteLength(SYSTEM_PROMPT) + Buffer.byteLength(USER_PROMPT.replace(ORDER_PLACEHOLDER, orderNumber(0)));

/**
 * Every input guardrail that runs locally (webhooks would measure the webhook), masking of captured payloads
 * (the default, spelled out), and rate limits high enough never to refuse: calls and tokens per endpoint and
 * calls per user, so admission reserves and settles on two counters each call.
 */
export const ALL_POLICIES: AiGatewayConfigInput = {
  guardrails: {
    input: {
      pii: { behavior: 'MASK' },
      prompt_injection: { behavior: 'BLOCK', threshold: 0.5 },
      invalid_keywords: ['internal use only', 'confidential roadmap', 'password dump', 'wire transfer to', 'competitor pricing sheet'],
      valid_topics: [
        'orders, shipping, delivery, returns, exchanges, refunds and warranties of outdoor gear',
        'hiking, camping and climbing equipment: tents, backpacks, trekking poles, boots, sleeping bags',
      ],
      max_input_tokens: 4096,
      custom: [{ type: 'regex', name: 'internal_ticket', pattern: '\\bNW-INT-\\d{6}\\b', behavior: 'BLOCK' }],
    },
  },
  inference_table_config: { enabled: true, mask_pii: true },
  rate_limits: [
    { key: 'endpoint', calls: 1_000_000_000, tokens: 1_000_000_000_000 },
    { key: 'user', calls: 1_000_000_000 },
  ],
};
