import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { registryEventNames } from '../events.js';
import { eventInputSchema } from './webhook-schema.js';
import { signWebhook, verifyWebhook } from './webhook-signature.js';

describe('webhook signature', () => {
  it('is MLflow\'s: v1,<base64 HMAC-SHA256 of "delivery_id.timestamp.body">', () => {
    const expected = createHmac('sha256', 'secret').update('d-1.1700000000.{"a":1}').digest('base64');
    expect(signWebhook('secret', 'd-1', '1700000000', '{"a":1}')).toBe(`v1,${expected}`);
  });

  it('verifies what it signed and refuses any change of body, id, timestamp or secret', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.uuid(), fc.integer({ min: 1_000_000_000, max: 2_000_000_000 }), fc.string(), fc.string({ minLength: 1 }), (secret, id, seconds, body, extra) => {
        const timestamp = String(seconds);
        const signature = signWebhook(secret, id, timestamp, body);
        const options = { nowSeconds: seconds };
        expect(verifyWebhook(secret, { deliveryId: id, timestamp, signature }, body, options)).toBe(true);
        expect(verifyWebhook(secret, { deliveryId: id, timestamp, signature }, body + extra, options)).toBe(false);
        expect(verifyWebhook(secret + extra, { deliveryId: id, timestamp, signature }, body, options)).toBe(false);
        expect(verifyWebhook(secret, { deliveryId: `${id}x`, timestamp, signature }, body, options)).toBe(false);
        expect(verifyWebhook(secret, { deliveryId: id, timestamp: String(seconds + 1), signature }, body, { nowSeconds: seconds })).toBe(false);
      }),
    );
  });

  it('refuses a timestamp outside the tolerance and missing headers', () => {
    const signature = signWebhook('s', 'id', '1000', 'b');
    expect(verifyWebhook('s', { deliveryId: 'id', timestamp: '1000', signature }, 'b', { nowSeconds: 1300 })).toBe(true);
    expect(verifyWebhook('s', { deliveryId: 'id', timestamp: '1000', signature }, 'b', { nowSeconds: 1301 })).toBe(false);
    expect(verifyWebhook('s', { deliveryId: 'id', timestamp: null, signature }, 'b', { nowSeconds: 1000 })).toBe(false);
    expect(verifyWebhook('s', { deliveryId: 'id', timestamp: '1000', signature: undefined }, 'b', { nowSeconds: 1000 })).toBe(false);
  });
});

describe('event input', () => {
  it('takes every supported event as {entity, action} in any case or as "entity.action", and nothing else', () => {
    for (const name of registryEventNames) {
      const [entity = '', action = ''] = name.split('.');
      expect(eventInputSchema.parse({ entity: entity.toUpperCase(), action: action.toUpperCase() })).toBe(name);
      expect(eventInputSchema.parse(name)).toBe(name);
    }
    fc.assert(
      fc.property(fc.string(), fc.string(), (entity, action) => {
        const parsed = eventInputSchema.safeParse({ entity, action });
        const name = `${entity.trim().toLowerCase()}.${action.trim().toLowerCase()}`;
        expect(parsed.success).toBe((registryEventNames as readonly string[]).includes(name));
      }),
    );
  });
});
