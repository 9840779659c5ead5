import { lookup as dnsLookup } from 'node:dns';
import { CairnError } from '../../errors/index.js';
import { classifyIpAddress } from './network-address.js';
/** Names of cloud metadata services; they resolve to link-local addresses inside the cloud. */
const METADATA_HOSTNAMES = new Set([
    'metadata',
    'metadata.google.internal',
    'metadata.goog',
    'instance-data',
    'instance-data.ec2.internal',
]);
function hostnameClass(hostname) {
    const name = hostname.toLowerCase().replace(/\.+$/, '');
    if (METADATA_HOSTNAMES.has(name))
        return 'metadata';
    if (name === 'localhost' || name.endsWith('.localhost'))
        return 'private';
    return 'public';
}
function refuse(message) {
    return new CairnError('INVALID_PARAMETER_VALUE', message);
}
/**
 * The SSRF guard for provider base URLs (SEC API7): http(s) only, no credentials in the URL, never a
 * link-local or cloud-metadata address, and no loopback or private address when `allowPrivate` is
 * false. Host names are checked again at connect time (`guardedLookup`) against what they resolve to.
 */
export function validateProviderBaseUrl(url, options = {}) {
    let parsed;
    try {
        parsed = new URL(url);
    }
    catch {
        throw refuse('The provider base URL is not a valid URL.');
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
        throw refuse('The provider base URL must use http or https.');
    }
    if (parsed.username !== '' || parsed.password !== '') {
        throw refuse('The provider base URL must not contain credentials; configure the API key instead.');
    }
    // The URL parser has already normalised IPv4 spellings such as 0xA9FEA9FE or 2852039166.
    const addressClass = classifyIpAddress(parsed.hostname) ?? hostnameClass(parsed.hostname);
    if (addressClass === 'metadata') {
        throw refuse('The provider base URL points at a link-local or cloud metadata address, which is never allowed.');
    }
    if (addressClass === 'private' && options.allowPrivate === false) {
        throw refuse('The provider base URL points at a loopback or private address, which this configuration does not allow.');
    }
    return parsed;
}
/** Error code carried by connection attempts the guard refuses; upstream errors map it to a clear message. */
export const BLOCKED_ADDRESS_CODE = 'CAIRN_BLOCKED_ADDRESS';
/**
 * A DNS lookup for sockets to provider hosts that refuses names resolving to metadata addresses (and to
 * private ones when not allowed), so a public-looking name cannot smuggle a request to 169.254.169.254.
 */
export function guardedLookup(options = {}) {
    return (hostname, lookupOptions, callback) => {
        dnsLookup(hostname, { ...lookupOptions, all: true }, (error, addresses) => {
            if (error) {
                callback(error, '', 0);
                return;
            }
            for (const { address } of addresses) {
                const addressClass = classifyIpAddress(address);
                if (addressClass === 'metadata' || (addressClass === 'private' && options.allowPrivate === false)) {
                    const blocked = Object.assign(new Error(`${hostname} resolves to a blocked address.`), { code: BLOCKED_ADDRESS_CODE });
                    callback(blocked, '', 0);
                    return;
                }
            }
            if (lookupOptions.all) {
                callback(null, addresses);
            }
            else {
                const first = addresses[0];
                if (first === undefined)
                    callback(Object.assign(new Error(`${hostname} has no address.`), { code: 'ENOTFOUND' }), '', 0);
                else
                    callback(null, first.address, first.family);
            }
        });
    };
}
//# sourceMappingURL=validate-provider-base-url.js.map