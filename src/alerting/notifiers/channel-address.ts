import type { LookupAddress } from 'node:dns';
import { CairnError, errors } from '../../errors/index.js';
import { BLOCKED_ADDRESS_CODE, guardedLookup, validateProviderBaseUrl } from '../../providers/index.js';

/**
 * Receiver addresses go through the same SSRF guard as provider base URLs (SEC API7): http(s) only, no
 * credentials, link-local and cloud-metadata addresses always refused, loopback and private ranges only when
 * `providers.allow_private_networks` allows them. Names are checked again at connect time (`guardedLookup`).
 */
function reworded(error: unknown, field: string): unknown {
  if (!(error instanceof CairnError)) return error;
  // The guard speaks of "the provider base URL"; name the channel field instead so the 400 points at it.
  const message = error.message.replace('The provider base URL', `${field}`).replace('; configure the API key instead', '');
  return errors.invalid(message, { field });
}

export function validateChannelUrl(url: string, field: string, allowPrivate: boolean): URL {
  try {
    return validateProviderBaseUrl(url, { allowPrivate });
  } catch (error) {
    throw reworded(error, field);
  }
}

/** An SMTP host name or IP literal, classified like a URL host. */
export function validateChannelHost(host: string, field: string, allowPrivate: boolean): string {
  if (!/^[A-Za-z0-9.\-:[\]]+$/.test(host)) throw errors.invalid(`${field} is not a valid host name or address.`, { field });
  const literal = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  try {
    validateProviderBaseUrl(`http://${literal}/`, { allowPrivate });
  } catch (error) {
    throw reworded(error, field);
  }
  return host;
}

/**
 * Resolves an SMTP host through the guarded lookup, so the mail client connects to an address that passed the
 * SSRF check (nodemailer resolves names itself and has no lookup hook; connecting to the checked address with
 * the original name as TLS server name closes the gap).
 */
export function resolveGuardedHost(host: string, allowPrivate: boolean): Promise<string> {
  const lookup = guardedLookup({ allowPrivate });
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  return new Promise((resolve, reject) => {
    lookup(bare, { all: true }, (error, addresses) => {
      if (error) {
        reject((error as NodeJS.ErrnoException).code === BLOCKED_ADDRESS_CODE ? new Error(`${bare} resolves to a blocked address`) : error);
        return;
      }
      const first = (addresses as unknown as LookupAddress[])[0];
      if (!first) reject(new Error(`${bare} has no address`));
      else resolve(first.address);
    });
  });
}
