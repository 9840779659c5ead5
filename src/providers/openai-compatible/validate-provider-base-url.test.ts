import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isCairnError } from '../../errors/index.js';
import { classifyIpAddress } from './network-address.js';
import { BLOCKED_ADDRESS_CODE, guardedLookup, validateProviderBaseUrl } from './validate-provider-base-url.js';

function rejection(url: string, options?: { allowPrivate?: boolean }): string | undefined {
  try {
    validateProviderBaseUrl(url, options);
    return undefined;
  } catch (error) {
    if (!isCairnError(error)) throw error;
    expect(error.code).toBe('INVALID_PARAMETER_VALUE');
    return error.message;
  }
}

const octet = fc.integer({ min: 0, max: 255 });
const dotted = (octets: number[]) => octets.join('.');
const asInteger = (octets: number[]) => String(octets.reduce((value, part) => value * 256 + part, 0));
const asHex = (octets: number[]) => octets.map((part) => `0x${part.toString(16)}`).join('.');
const spelling = fc.constantFrom(dotted, asInteger, asHex);
const publicOctets = fc
  .tuple(fc.integer({ min: 1, max: 223 }), octet, octet, octet)
  .filter(([a, b]) => ![10, 127, 169, 172, 192, 198, 100].includes(a) || (a === 172 && (b < 16 || b > 31)) || (a === 100 && (b < 64 || b > 127)));
const privateOctets = fc.oneof(
  fc.tuple(fc.constant(10), octet, octet, octet),
  fc.tuple(fc.constant(127), octet, octet, octet),
  fc.tuple(fc.constant(172), fc.integer({ min: 16, max: 31 }), octet, octet),
  fc.tuple(fc.constant(192), fc.constant(168), octet, octet),
  fc.tuple(fc.constant(100), fc.integer({ min: 64, max: 127 }), octet, octet),
);
const hextet = fc.integer({ min: 0, max: 0xffff }).map((value) => value.toString(16));

describe('validateProviderBaseUrl (SEC API7)', () => {
  it('SEC-API7: always rejects link-local / metadata IPv4 addresses in any spelling, even when private hosts are allowed', () => {
    fc.assert(
      fc.property(octet, octet, spelling, fc.boolean(), (c, d, spell, allowPrivate) => {
        const host = spell([169, 254, c, d]);
        expect(rejection(`http://${host}/v1`, { allowPrivate })).toMatch(/metadata/);
        expect(rejection(`https://[::ffff:169.254.${c}.${d}]:8443/v1`, { allowPrivate })).toMatch(/metadata/);
      }),
    );
  });

  it('SEC-API7: always rejects fe80::/10, fd00:ec2::254 and metadata host names', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0xfe80, max: 0xfebf }), hextet, hextet, (first, second, last) => {
        expect(rejection(`http://[${first.toString(16)}:${second}::${last}]/`)).toMatch(/metadata/);
      }),
    );
    for (const url of [
      'http://[fd00:ec2::254]/',
      'http://metadata.google.internal/computeMetadata/v1',
      'http://METADATA.google.internal./',
      'http://metadata/',
      'http://[64:ff9b::a9fe:a9fe]/',
      'http://[2002:a9fe:a9fe::1]/',
    ]) {
      expect(rejection(url), url).toMatch(/metadata/);
    }
  });

  it('allows loopback and private ranges by default and rejects them when allowPrivate is false', () => {
    fc.assert(
      fc.property(privateOctets, spelling, (octets, spell) => {
        const url = `http://${spell(octets)}:11434/v1`;
        expect(rejection(url)).toBeUndefined();
        expect(rejection(url, { allowPrivate: false })).toMatch(/private/);
      }),
    );
    for (const url of ['http://localhost:8000/v1', 'http://[::1]:8000/v1', 'http://[fd12:3456::1]/v1', 'http://0.0.0.0:8000', 'http://ollama.localhost/v1']) {
      expect(rejection(url), url).toBeUndefined();
      expect(rejection(url, { allowPrivate: false }), url).toMatch(/private/);
    }
  });

  it('allows public addresses and host names either way', () => {
    fc.assert(
      fc.property(publicOctets, fc.boolean(), (octets, allowPrivate) => {
        expect(rejection(`https://${dotted(octets)}/v1`, { allowPrivate })).toBeUndefined();
      }),
    );
    expect(validateProviderBaseUrl('https://api.openai.com/v1', { allowPrivate: false }).href).toBe('https://api.openai.com/v1');
    expect(rejection('https://[2001:db8::1]/v1', { allowPrivate: false })).toBeUndefined();
  });

  it('rejects other schemes, credentials in the URL and garbage', () => {
    expect(rejection('ftp://example.com/')).toMatch(/http or https/);
    expect(rejection('file:///etc/passwd')).toMatch(/http or https/);
    expect(rejection('https://user:secret@example.com/v1')).toMatch(/credentials/);
    expect(rejection('not a url')).toMatch(/not a valid URL/);
  });
});

describe('classifyIpAddress', () => {
  it('reads IPv4-mapped, NAT64 and dotted-tail IPv6 forms as the IPv4 address they reach', () => {
    expect(classifyIpAddress('::ffff:169.254.169.254')).toBe('metadata');
    expect(classifyIpAddress('::ffff:10.0.0.1')).toBe('private');
    expect(classifyIpAddress('64:ff9b::8.8.8.8')).toBe('public');
    expect(classifyIpAddress('::1')).toBe('private');
    expect(classifyIpAddress('::')).toBe('private');
    expect(classifyIpAddress('2606:4700::1111')).toBe('public');
    expect(classifyIpAddress('example.com')).toBeUndefined();
  });
});

describe('guardedLookup (SEC API7 at connect time)', () => {
  function lookup(hostname: string, allowPrivate: boolean): Promise<{ error: NodeJS.ErrnoException | null; address: unknown }> {
    return new Promise((resolve) => {
      guardedLookup({ allowPrivate })(hostname, { all: true }, (error, address) => resolve({ error, address }));
    });
  }

  it('refuses a host name that resolves to a private address when private hosts are not allowed', async () => {
    const refused = await lookup('localhost', false);
    expect(refused.error?.code).toBe(BLOCKED_ADDRESS_CODE);
    const allowed = await lookup('localhost', true);
    expect(allowed.error).toBeNull();
    expect(Array.isArray(allowed.address) && allowed.address.length).toBeGreaterThan(0);
  });
});
