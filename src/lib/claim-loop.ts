import type { Logger } from 'pino';

/**
 * The loop behind Cairn's durable delivery queues (alert notifications, registry webhooks): rows wait in the
 * database; every `pollMs`, and at once after an enqueue or a finished send (`kick`), one pass claims due rows up to
 * the free concurrency and works them. Claims are atomic in the store, so several instances share one queue and each
 * row is worked by one of them.
 */
export interface ClaimLoopOptions<Row, Claim> {
  concurrency: number;
  pollMs: number;
  logger: Logger;
  /** For log lines: `alert delivery`, `registry webhook`. */
  label: string;
  /** Up to `limit` rows due now. */
  due(limit: number): Promise<Row[]>;
  /** Claims the row for this instance (e.g. the claim's expiry); undefined when another instance got there first. */
  claim(row: Row): Promise<Claim | undefined>;
  /** Works a claimed row under its claim; its rejection is logged, never thrown. */
  work(row: Row, claim: Claim): Promise<void>;
}

export interface ClaimLoop {
  /** One pass: claims due rows (up to the free concurrency) and starts working them. Returns how many it claimed. */
  tick(): Promise<number>;
  /** Another pass soon, without waiting for the interval. */
  kick(): void;
  /** Counts other work (e.g. recording an enqueue) as in flight, so `idle` and `close` wait for it. */
  track(work: Promise<void>): void;
  /** Resolves when nothing tracked is in flight. */
  idle(): Promise<void>;
  readonly closed: boolean;
  start(): void;
  /** Stops polling and waits for the work in flight (the caller aborts it first when it should stop early). */
  close(): Promise<void>;
}

export function createClaimLoop<Row, Claim>(options: ClaimLoopOptions<Row, Claim>): ClaimLoop {
  const { logger, label } = options;
  const inFlight = new Set<Promise<void>>();
  let interval: NodeJS.Timeout | undefined;
  let ticking = false;
  let kickPending = false;
  let started = false;
  let closed = false;
  const runTick = () => {
    loop.tick().catch((error: unknown) => logger.error({ err: error }, `${label} loop failed`));
  };

  const loop: ClaimLoop = {
    get closed() {
      return closed;
    },

    track(work) {
      const tracked: Promise<void> = work.finally(() => {
        inFlight.delete(tracked);
        loop.kick();
      });
      inFlight.add(tracked);
    },

    async tick() {
      if (closed || ticking) return 0;
      ticking = true;
      try {
        const free = options.concurrency - inFlight.size;
        if (free <= 0) return 0;
        let claimed = 0;
        for (const row of await options.due(free)) {
          if (closed || inFlight.size >= options.concurrency) break;
          const claim = await options.claim(row);
          if (claim === undefined) continue;
          claimed++;
          loop.track(options.work(row, claim).catch((error: unknown) => logger.error({ err: error }, `${label} bookkeeping failed`)));
        }
        return claimed;
      } finally {
        ticking = false;
      }
    },

    kick() {
      if (!started || closed || kickPending) return;
      kickPending = true;
      setImmediate(() => {
        kickPending = false;
        runTick();
      });
    },

    async idle() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },

    start() {
      if (started || closed) return;
      started = true;
      interval = setInterval(runTick, options.pollMs);
      interval.unref();
      loop.kick();
    },

    async close() {
      if (closed) return;
      closed = true;
      if (interval) clearInterval(interval);
      await loop.idle();
    },
  };
  return loop;
}
