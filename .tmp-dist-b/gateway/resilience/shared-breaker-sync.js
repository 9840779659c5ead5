import { BUCKETS_PER_WINDOW } from './sliding-window.js';
/**
 * Applies a transition if the shared epoch is still the one it was made from (or the state is gone: expired, or
 * Redis restarted empty), else returns the shared state so the caller adopts it. One key, atomic.
 */
const TRANSITION_LUA = `
local current = redis.call('HGET', KEYS[1], 'epoch')
local expected = tonumber(ARGV[1])
if current == false or tonumber(current) == expected then
  local epoch = expected + 1
  redis.call('HSET', KEYS[1], 'state', ARGV[2], 'changed_at', ARGV[3], 'epoch', epoch)
  redis.call('PEXPIRE', KEYS[1], ARGV[4])
  return {1, ARGV[2], ARGV[3], epoch}
end
local state = redis.call('HMGET', KEYS[1], 'state', 'changed_at')
return {0, state[1] or 'closed', state[2] or '0', tonumber(current)}
`;
/** The shared state and, when its epoch is the reader's, the window's summed counts (KEYS[2..] are the buckets). */
const READ_LUA = `
local state = redis.call('HMGET', KEYS[1], 'state', 'changed_at', 'epoch')
local epoch = tonumber(state[3])
local successes, failures = 0, 0
if epoch == nil or epoch == tonumber(ARGV[1]) then
  for i = 2, #KEYS do
    local counts = redis.call('HMGET', KEYS[i], 's', 'f')
    successes = successes + (tonumber(counts[1]) or 0)
    failures = failures + (tonumber(counts[2]) or 0)
  end
end
return {state[1] or '', state[2] or '0', epoch or -1, successes, failures}
`;
/** The shared state outlives any open period; refreshed by every transition. */
const STATE_TTL_MS = 24 * 60 * 60 * 1000;
const STATES = ['closed', 'open', 'half_open'];
const WRITE = { kind: 'write' };
/**
 * One round trip for all breakers: sends the counts recorded since the last round (HINCRBY per bucket, with a TTL
 * just past the window), the transitions made locally (CAS script), and reads back the shared state and window
 * counts of every breaker in use (read script). Commands of one pipeline run in order on one connection, so each
 * read already includes this instance's counts sent just before it.
 */
export async function syncSharedBreakers(redis, entries, now, activeSince) {
    const pipeline = redis.client.pipeline();
    const steps = [];
    const sent = [];
    const sentTransitions = [];
    for (const entry of entries) {
        const base = baseKey(redis.keyPrefix, entry.key);
        if (entry.transitions.length > 0) {
            for (const transition of entry.transitions) {
                pipeline.eval(TRANSITION_LUA, 1, `${base}:state`, transition.expectedEpoch, transition.state, transition.at, STATE_TTL_MS);
                steps.push({ kind: 'transition', entry });
            }
            sentTransitions.push([entry, entry.transitions.splice(0)]);
        }
        if (entry.unsent.size > 0) {
            const ttl = entry.policy.windowMs * 2 + 1000;
            for (const [bucketId, counts] of entry.unsent) {
                const key = `${base}:${entry.epoch}:${bucketId}`;
                if (counts.successes > 0) {
                    pipeline.hincrby(key, 's', counts.successes);
                    steps.push(WRITE);
                }
                if (counts.failures > 0) {
                    pipeline.hincrby(key, 'f', counts.failures);
                    steps.push(WRITE);
                }
                pipeline.pexpire(key, ttl);
                steps.push(WRITE);
            }
            entry.inFlightTotals.successes += entry.unsentTotals.successes;
            entry.inFlightTotals.failures += entry.unsentTotals.failures;
            entry.unsent.clear();
            entry.unsentTotals.successes = 0;
            entry.unsentTotals.failures = 0;
            sent.push(entry);
        }
        if (entry.lastUsedAt >= activeSince) {
            const newest = entry.window.bucketId(now);
            const keys = [`${base}:state`];
            for (let id = newest - BUCKETS_PER_WINDOW + 1; id <= newest; id++)
                keys.push(`${base}:${entry.epoch}:${id}`);
            pipeline.eval(READ_LUA, keys.length, ...keys, entry.epoch);
            steps.push({ kind: 'read', entry, epoch: entry.epoch });
        }
    }
    if (steps.length === 0)
        return;
    let results;
    try {
        results = await pipeline.exec();
        if (results === null)
            throw new Error('Redis pipeline was discarded');
    }
    catch (error) {
        // A failed round (a timeout, a dropped connection) retries its transitions next round, ahead of any made since:
        // each one only applies if the shared epoch is still the one it expects, so a resend is harmless.
        for (const [entry, transitions] of sentTransitions)
            entry.transitions.unshift(...transitions);
        throw error;
    }
    finally {
        // Sent counts are now either in the shared totals (read below) or lost with the connection.
        for (const entry of sent) {
            entry.inFlightTotals.successes = 0;
            entry.inFlightTotals.failures = 0;
        }
    }
    let firstError;
    results.forEach(([error, reply], index) => {
        const step = steps[index];
        if (error !== null) {
            firstError ??= error;
            return;
        }
        if (step.kind === 'transition')
            applyTransitionReply(step.entry, reply, now);
        else if (step.kind === 'read')
            applyReadReply(step.entry, step.epoch, reply, now);
    });
    if (firstError !== undefined)
        throw firstError;
}
function applyTransitionReply(entry, reply, now) {
    if (!Array.isArray(reply) || reply[0] === 1)
        return;
    const state = stateOf(reply[1]);
    const changedAt = Number(reply[2]);
    const epoch = Number(reply[3]);
    // Refused: another instance changed the state first; the shared one is authoritative.
    if (state !== undefined && Number.isFinite(changedAt) && Number.isFinite(epoch))
        entry.adopt(state, changedAt, epoch, now);
}
function applyReadReply(entry, epochAtRead, reply, now) {
    if (!Array.isArray(reply))
        return;
    const state = stateOf(reply[0]);
    const changedAt = Number(reply[1]);
    const epoch = Number(reply[2]);
    const successes = Number(reply[3]);
    const failures = Number(reply[4]);
    // A newer shared state wins; so does an older one when this instance changed nothing since the read was sent
    // (its own transitions were made while Redis was away and never written: the shared state wins on return).
    const unchangedSinceRead = entry.epoch === epochAtRead && entry.transitions.length === 0;
    if (state !== undefined && epoch !== entry.epoch && (epoch > entry.epoch || unchangedSinceRead) && Number.isFinite(changedAt)) {
        entry.adopt(state, changedAt, epoch, now);
        return;
    }
    // The counts are the shared window of the epoch we read for; useless if ours moved on meanwhile.
    const sameEpoch = state === undefined || epoch === epochAtRead;
    if (sameEpoch && entry.epoch === epochAtRead && Number.isFinite(successes) && Number.isFinite(failures)) {
        entry.snapshot = { epoch: epochAtRead, successes, failures, readAt: now };
    }
}
function stateOf(value) {
    return STATES.find((state) => state === value);
}
/** `{…}` makes all of one breaker's keys hash to one cluster slot; braces inside the key would end the tag early. */
function baseKey(prefix, key) {
    return `${prefix}cb:{${key.replace(/[{}]/g, (brace) => (brace === '{' ? '%7B' : '%7D'))}}`;
}
//# sourceMappingURL=shared-breaker-sync.js.map