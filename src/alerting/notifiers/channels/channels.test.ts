import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sampleNotification } from '../test-support/notification-fixture.js';
import { signPayload } from '../webhook-signature.js';
import { emailContent, escapeHtml } from './email-channel.js';
import { pagerDutyEvent } from './pagerduty-channel.js';
import { escapeSlack, slackMessage } from './slack-channel.js';
import { webhookRequest } from './webhook-channel.js';

const context = { deliveryId: 'd-1', sentAt: 1_735_787_000_000 };

describe('channel wire formats', () => {
  it('webhook: the exact JSON body, signed over its bytes', () => {
    const request = webhookRequest(sampleNotification(), 'http://receiver.example/hook', 'whsec-0123456789abcdef', context);
    expect(request.body).toBe(
      '{"event_id":42,"delivery_id":"d-1","kind":"firing","rule":{"id":"rule-1","name":"error rate high","endpoint_name":"chat","severity":"error",' +
        '"series":"error_rate","comparator":">","threshold":0.05,"window_seconds":300},"series_key":"entity-a","value":0.125,"time":1735787045000,' +
        '"details":{"drifted_columns":["prompt_chars","prompt_language"]},"sent_at":1735787000000}',
    );
    expect(request.headers).toEqual({
      'content-type': 'application/json',
      'X-Cairn-Signature': signPayload('whsec-0123456789abcdef', request.body),
      'X-Cairn-Timestamp': '1735787000000',
      'X-Cairn-Event-Id': '42',
      'X-Cairn-Delivery-Id': 'd-1',
    });
  });

  it('PagerDuty: Events API v2 trigger and resolve', () => {
    expect(pagerDutyEvent(sampleNotification(), 'R0UTING')).toEqual({
      routing_key: 'R0UTING',
      event_action: 'trigger',
      dedup_key: 'rule-1:entity-a',
      payload: {
        summary: '[FIRING] error rate high: error_rate = 0.125 (threshold > 0.05 over 300 s) on chat [entity-a]',
        source: 'chat',
        severity: 'error',
        timestamp: '2025-01-02T03:04:05.000Z',
        component: 'chat',
        group: 'error rate high',
        class: 'error_rate',
        custom_details: {
          event_id: 42, kind: 'firing', rule_id: 'rule-1', rule_name: 'error rate high', series: 'error_rate', series_key: 'entity-a', value: 0.125,
          comparator: '>', threshold: 0.05, window_seconds: 300, details: { drifted_columns: ['prompt_chars', 'prompt_language'] },
        },
      },
    });
    const resolved = pagerDutyEvent(sampleNotification({ kind: 'resolved', seriesKey: '' }), 'R0UTING');
    expect(resolved).toMatchObject({ event_action: 'resolve', dedup_key: 'rule-1:' });
    expect(pagerDutyEvent(sampleNotification({ kind: 'renotify' }), 'k')).toMatchObject({ event_action: 'trigger' });
  });

  it('Slack: header, fields, details and context blocks', () => {
    expect(slackMessage(sampleNotification())).toEqual({
      text: '[FIRING] error rate high: error_rate = 0.125 (threshold &gt; 0.05 over 300 s) on chat [entity-a]',
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: 'FIRING: error rate high', emoji: false } },
        {
          type: 'section',
          fields: [
            { type: 'mrkdwn', text: '*Severity*\nerror' },
            { type: 'mrkdwn', text: '*Endpoint*\nchat' },
            { type: 'mrkdwn', text: '*Series*\nerror_rate [entity-a]' },
            { type: 'mrkdwn', text: '*Value*\n0.125 (threshold &gt; 0.05 over 300 s)' },
          ],
        },
        { type: 'section', text: { type: 'mrkdwn', text: '```{\n  "drifted_columns": [\n    "prompt_chars",\n    "prompt_language"\n  ]\n}```' } },
        { type: 'context', elements: [{ type: 'mrkdwn', text: 'rule rule-1 · event 42 · 2025-01-02T03:04:05.000Z' }] },
      ],
    });
  });

  it('Slack: no rule text can form a link or a mention', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (name, seriesKey) => {
        const message = JSON.stringify(slackMessage(sampleNotification({ seriesKey, rule: { ...sampleNotification().rule, name: `<!channel> <http://evil|x> ${name}` } })));
        const texts = JSON.parse(message) as unknown;
        const strings: string[] = [];
        const walk = (value: unknown) => {
          if (typeof value === 'string') strings.push(value);
          else if (value && typeof value === 'object') Object.values(value).forEach(walk);
        };
        walk(texts);
        for (const text of strings) expect(text).not.toMatch(/[<>]/);
      }),
    );
    expect(escapeSlack('a & <b>')).toBe('a &amp; &lt;b&gt;');
  });

  it('e-mail: subject without line breaks, HTML with every value escaped', () => {
    const content = emailContent(sampleNotification({ rule: { ...sampleNotification().rule, name: 'x<script>alert(1)</script>\r\nBcc: evil@example.com' } }));
    expect(content.subject).toBe('[Cairn] FIRING error: x<script>alert(1)</script> Bcc: evil@example.com');
    expect(content.html).not.toContain('<script>');
    expect(content.html).toContain('x&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(content.text).toContain('Value: 0.125 (threshold > 0.05 over 300 s)');
    expect(content.text).toContain('"prompt_language"');
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});
