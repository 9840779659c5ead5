import { defineRedisScript } from '../redis/index.js';
/**
 * Buckets and budget counters in Redis, shared by every instance. Each admission and each settlement is ONE script
 * (EVALSHA, EVAL when the server lost its script cache): Redis runs a script atomically, so the check of every bucket
 * and budget and the taking from all of them cannot interleave with another instance's — N instances together admit
 * no more than the limit.
 *
 * Keys (all under the deployment's prefix and the endpoint's hash tag, so one script's keys share a cluster slot):
 *   `{endpointId}:rl:<requests|tokens>:<subject>`        hash { v: level, t: stamp ms }, PEXPIRE = time to full + 60 s
 *   `{endpointId}:bg:<unit>:<name>:<subject>:<periodStart>` hash { s: spent, h: held, f: soft notified, x: exhausted
 *                                                          notified }, EXPIRE = rest of period + 1 day
 * Budget amounts are integers (micro-dollars or tokens) changed with HINCRBY, so concurrent settlements never lose
 * an update and never drift. Floats (bucket levels) travel as '%.17g' strings: a Lua number returned to Redis would
 * be truncated to an integer.
 */
// The bucket arithmetic below mirrors token-bucket.ts; keep them in step (the shared behavioural suite checks both).
/** A bucket's level and stamp after refilling it up to `now` (a missing bucket is full). */
const REFILL_LUA = `
local function refill(key, cap, now)
  local state = redis.call('HMGET', key, 'v', 't')
  local level, stamp = cap, now
  if state[1] then
    level = tonumber(state[1])
    stamp = tonumber(state[2])
    if now > stamp then
      level = level + (now - stamp) * cap / 60000
      stamp = now
    end
    if level > cap then level = cap end
  end
  return level, stamp
end
`;
const ADMIT_LUA = `${REFILL_LUA}
local now = tonumber(ARGV[1])
local nb = tonumber(ARGV[2])
local ng = #KEYS - nb
local gb = 2 + 2 * nb
local admitted = 1
local levels, stamps, spent, used = {}, {}, {}, {}
for i = 1, nb do
  local cap = tonumber(ARGV[1 + 2 * i])
  local cost = tonumber(ARGV[2 + 2 * i])
  local level, stamp = refill(KEYS[i], cap, now)
  levels[i] = level
  stamps[i] = stamp
  if cap <= 0 or cost > level then admitted = 0 end
end
for j = 1, ng do
  local state = redis.call('HMGET', KEYS[nb + j], 's', 'h')
  spent[j] = tonumber(state[1] or '0')
  used[j] = spent[j] + tonumber(state[2] or '0')
  if used[j] >= tonumber(ARGV[gb + 3 * j - 2]) then admitted = 0 end
end
local reply = { admitted }
for i = 1, nb do
  local level = levels[i]
  if admitted == 1 then
    local cap = tonumber(ARGV[1 + 2 * i])
    level = level - tonumber(ARGV[2 + 2 * i])
    redis.call('HSET', KEYS[i], 'v', string.format('%.17g', level), 't', string.format('%.17g', stamps[i]))
    redis.call('PEXPIRE', KEYS[i], string.format('%d', math.min(math.ceil((cap - level) * 60000 / cap) + 60000, 604800000)))
  end
  reply[1 + i] = string.format('%.17g', level)
end
for j = 1, ng do
  local key = KEYS[nb + j]
  local exhausted_now = 0
  if admitted == 1 then
    used[j] = spent[j] + redis.call('HINCRBY', key, 'h', ARGV[gb + 3 * j - 1])
    redis.call('EXPIRE', key, ARGV[gb + 3 * j])
  elseif spent[j] >= tonumber(ARGV[gb + 3 * j - 2]) then
    exhausted_now = redis.call('HSETNX', key, 'x', '1')
  end
  reply[#reply + 1] = string.format('%d', spent[j])
  reply[#reply + 1] = string.format('%d', used[j])
  reply[#reply + 1] = exhausted_now
end
return reply
`;
const SETTLE_LUA = `${REFILL_LUA}
local now = tonumber(ARGV[1])
local nb = tonumber(ARGV[2])
local ng = #KEYS - nb
local gb = 2 + 2 * nb
for i = 1, nb do
  local cap = tonumber(ARGV[1 + 2 * i])
  local level, stamp = refill(KEYS[i], cap, now)
  level = level + tonumber(ARGV[2 + 2 * i])
  if level > cap then level = cap end
  redis.call('HSET', KEYS[i], 'v', string.format('%.17g', level), 't', string.format('%.17g', stamp))
  if cap > 0 then
    redis.call('PEXPIRE', KEYS[i], string.format('%d', math.min(math.ceil((cap - level) * 60000 / cap) + 60000, 604800000)))
  end
end
local reply = {}
for j = 1, ng do
  local key = KEYS[nb + j]
  local base = gb + 5 * (j - 1)
  if redis.call('HINCRBY', key, 'h', ARGV[base + 3]) < 0 then redis.call('HSET', key, 'h', '0') end
  local spent = redis.call('HINCRBY', key, 's', ARGV[base + 4])
  redis.call('EXPIRE', key, ARGV[base + 5])
  local soft_now, exhausted_now = 0, 0
  if spent >= tonumber(ARGV[base + 2]) then soft_now = redis.call('HSETNX', key, 'f', '1') end
  if spent >= tonumber(ARGV[base + 1]) then exhausted_now = redis.call('HSETNX', key, 'x', '1') end
  reply[#reply + 1] = string.format('%d', spent)
  reply[#reply + 1] = soft_now
  reply[#reply + 1] = exhausted_now
end
return reply
`;
const admitScript = defineRedisScript(ADMIT_LUA);
const settleScript = defineRedisScript(SETTLE_LUA);
export function createRedisLimitStore(connection) {
    const { client } = connection;
    return {
        async admit(plan) {
            const keys = [];
            const args = [plan.now, plan.buckets.length];
            for (const op of plan.buckets) {
                keys.push(op.key);
                args.push(op.capacity, op.cost);
            }
            for (const op of plan.budgets) {
                keys.push(op.key);
                args.push(op.limit, op.reserve, op.ttlSeconds);
            }
            const reply = asArray(await admitScript.run(client, keys, args));
            const nb = plan.buckets.length;
            const result = { admitted: Number(reply[0]) === 1, levels: [], spent: [], used: [], exhaustedNow: [] };
            for (let i = 0; i < nb; i += 1)
                result.levels.push(Number(reply[1 + i]));
            for (let j = 0; j < plan.budgets.length; j += 1) {
                const base = 1 + nb + 3 * j;
                result.spent.push(Number(reply[base]));
                result.used.push(Number(reply[base + 1]));
                result.exhaustedNow.push(Number(reply[base + 2]) === 1);
            }
            return result;
        },
        async settle(plan) {
            const keys = [];
            const args = [plan.now, plan.buckets.length];
            for (const op of plan.buckets) {
                keys.push(op.key);
                args.push(op.capacity, op.refund);
            }
            for (const op of plan.budgets) {
                keys.push(op.key);
                // HINCRBY wants integer digits: String(-0) is '0', and amounts are safe integers (see storeAmount).
                args.push(op.limit, op.softLimit, String(-op.release), op.actual, op.ttlSeconds);
            }
            const reply = asArray(await settleScript.run(client, keys, args));
            const result = { spent: [], softNow: [], exhaustedNow: [] };
            for (let j = 0; j < plan.budgets.length; j += 1) {
                result.spent.push(Number(reply[3 * j]));
                result.softNow.push(Number(reply[3 * j + 1]) === 1);
                result.exhaustedNow.push(Number(reply[3 * j + 2]) === 1);
            }
            return result;
        },
        async readBudgets(keys) {
            if (keys.length === 0)
                return [];
            const pipeline = client.pipeline();
            for (const key of keys)
                pipeline.hmget(key, 's', 'h');
            const replies = (await pipeline.exec()) ?? [];
            return replies.map(([error, value]) => {
                if (error)
                    throw error;
                const [spent, held] = value;
                return [Number(spent ?? 0), Number(held ?? 0)];
            });
        },
    };
}
function asArray(reply) {
    if (!Array.isArray(reply))
        throw new Error('unexpected reply from the limits script');
    return reply;
}
//# sourceMappingURL=redis-limit-store.js.map