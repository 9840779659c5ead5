import { createHash } from 'node:crypto';
export function defineRedisScript(lua) {
    const sha = createHash('sha1').update(lua).digest('hex');
    return {
        sha,
        async run(client, keys, args) {
            try {
                return await client.evalsha(sha, keys.length, ...keys, ...args);
            }
            catch (error) {
                // After a Redis restart or SCRIPT FLUSH the cache is empty; EVAL loads the script and runs it in one go.
                if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT'))
                    throw error;
                return client.eval(lua, keys.length, ...keys, ...args);
            }
        },
    };
}
//# sourceMappingURL=redis-script.js.map