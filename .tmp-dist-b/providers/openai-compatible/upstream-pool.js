import { Pool } from 'undici';
import { guardedLookup } from './validate-provider-base-url.js';
/**
 * One keep-alive connection pool per upstream origin, shared by every model that talks to it (config
 * versions come and go; their sockets should not). Reference-counted: the last model to close it closes it.
 */
const pools = new Map();
export function leasePool(origin, allowPrivate) {
    const key = `${allowPrivate ? 'private' : 'public'} ${origin}`;
    let shared = pools.get(key);
    if (shared === undefined) {
        shared = {
            pool: new Pool(origin, {
                // Cairn runs its own, exact header and idle timers per call (undici's are coarse, ~1 s).
                headersTimeout: 0,
                bodyTimeout: 0,
                connect: { lookup: guardedLookup({ allowPrivate }) },
            }),
            users: 0,
        };
        pools.set(key, shared);
    }
    shared.users++;
    const lease = shared;
    let released = false;
    return {
        pool: lease.pool,
        async release() {
            if (released)
                return;
            released = true;
            lease.users--;
            if (lease.users === 0 && pools.get(key) === lease) {
                pools.delete(key);
                // In-flight calls of a retiring config version finish first; close() waits for them.
                await lease.pool.close();
            }
        },
    };
}
//# sourceMappingURL=upstream-pool.js.map