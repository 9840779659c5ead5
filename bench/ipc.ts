import { monitorEventLoopDelay } from 'node:perf_hooks';

/**
 * The small request/reply protocol between `bench/run.ts` and the processes it starts (upstream, bare
 * proxy, Cairn), over Node's IPC channel. Each child announces itself with one `ready` message, then
 * answers `{id, type, payload}` requests with `{id, ok, value | error}`.
 */

export interface ProcessUsage {
  /** Resident set size, bytes. */
  rss: number;
  heapUsed: number;
  /** User + system CPU time since the process started, microseconds. */
  cpuMicros: number;
}

/** Event-loop delay over a run (how late timers fired), ms: long synchronous work shows up here. */
export interface LoopDelay {
  p50: number;
  p99: number;
  max: number;
}

export interface ReadyMessage {
  kind: 'ready';
  info: Record<string, unknown>;
}

export interface ChildRequest {
  kind: 'request';
  id: number;
  type: string;
  payload?: unknown;
}

export type ChildReply = { kind: 'reply'; id: number; ok: true; value: unknown } | { kind: 'reply'; id: number; ok: false; error: string };

export type ChildMessage = ReadyMessage | ChildReply;

export type RequestHandlers = Record<string, (payload: unknown) => unknown>;

export function processUsage(): ProcessUsage {
  const cpu = process.cpuUsage();
  const memory = process.memoryUsage();
  return { rss: memory.rss, heapUsed: memory.heapUsed, cpuMicros: cpu.user + cpu.system };
}

function send(message: ChildMessage): void {
  if (process.connected && process.send) process.send(message);
}

/**
 * Child side: answers the parent's requests (`usage` is built in), announces readiness, and runs `stop`
 * once — on a `stop` request, on SIGTERM/SIGINT, or when the parent goes away (so a crashed parent never
 * leaves a loaded server behind).
 */
export function serveParent(info: Record<string, unknown>, handlers: RequestHandlers, stop: () => Promise<void>): void {
  if (!process.send) throw new Error('This script is started by bench/run.ts over an IPC channel.');
  let stopping: Promise<void> | undefined;
  const stopOnce = (): Promise<void> => {
    stopping ??= stop().catch((error: unknown) => console.error('stop failed:', error));
    return stopping;
  };
  // The histogram records the whole timer interval (resolution included); the excess is the delay.
  const resolutionMs = 5;
  const loopDelay = monitorEventLoopDelay({ resolution: resolutionMs });
  loopDelay.enable();
  const excess = (nanoseconds: number) => Math.max(0, nanoseconds / 1e6 - resolutionMs);
  const all: RequestHandlers = {
    usage: () => processUsage(),
    loopDelayReset: () => loopDelay.reset(),
    loopDelay: (): LoopDelay => ({ p50: excess(loopDelay.percentile(50)), p99: excess(loopDelay.percentile(99)), max: excess(loopDelay.max) }),
    ...handlers,
  };

  process.on('message', (raw: unknown) => {
    const message = raw as Partial<ChildRequest>;
    if (message?.kind !== 'request' || typeof message.id !== 'number' || typeof message.type !== 'string') return;
    const id = message.id;
    if (message.type === 'stop') {
      void stopOnce().then(() => {
        send({ kind: 'reply', id, ok: true, value: null });
        process.disconnect();
        process.exit(0);
      });
      return;
    }
    const handler = all[message.type];
    if (!handler) {
      send({ kind: 'reply', id, ok: false, error: `unknown request type ${message.type}` });
      return;
    }
    Promise.resolve()
      .then(() => handler(message.payload))
      .then(
        (value) => send({ kind: 'reply', id, ok: true, value: value ?? null }),
        (error: unknown) => send({ kind: 'reply', id, ok: false, error: error instanceof Error ? error.message : String(error) }),
      );
  });
  const exitAfterStop = () => void stopOnce().then(() => process.exit(0));
  process.once('SIGTERM', exitAfterStop);
  process.once('SIGINT', exitAfterStop);
  process.once('disconnect', exitAfterStop);
  send({ kind: 'ready', info });
}
