import { CairnError, isCairnError } from '../../errors/index.js';
import type { LanguageModel, Replica, ReplicaExit } from '../../providers/index.js';
import { decideScale, type AutoscaleState } from './autoscaler.js';
import { CallQueue } from './call-queue.js';
import { LogRing } from './log-ring.js';
import { StartBackoff } from './start-backoff.js';
import { type Lease, pooledModel } from './pooled-model.js';
import type { EntityServingState, ReplicaPool, ReplicaPoolOptions } from './types.js';
import { WaitWindow } from './wait-window.js';

interface LiveReplica {
  readonly id: string;
  readonly replica: Replica;
  busy: number;
  /** Scaled down: takes no new calls, stops after the ones it holds. */
  closing: boolean;
}

const POOL_SOURCE = 'pool';
/** Weight of the newest call in the moving average of service time (used for `Retry-After`). */
const SERVICE_TIME_WEIGHT = 0.2;

/**
 * A bounded pool: replicas from the factory, a FIFO queue in front of their slots, and the autoscaler's timer.
 * Decisions live in `decideScale`; this class is the shell that measures, starts, stops and dispatches.
 */
export class BoundedReplicaPool implements ReplicaPool {
  readonly model: LanguageModel;
  private readonly clock: () => number;
  private readonly log: LogRing;
  private readonly queue: CallQueue<LiveReplica>;
  private readonly waits: WaitWindow;
  private readonly slotsPerReplica: number;
  private replicas: LiveReplica[] = [];
  private readonly pendingStarts = new Set<Promise<void>>();
  private starting = 0;
  private inFlight = 0;
  /** Busy slot-milliseconds since the last tick: utilisation is their average over the tick, not a momentary peak. */
  private busyIntegral = 0;
  private busyMarkAt: number;
  private lastTickAt: number;
  private scale: AutoscaleState;
  private lastCallAt: number;
  private serviceMs: number | null = null;
  private coldStartMs: number | null = null;
  private readonly starts: StartBackoff;
  private ticker: NodeJS.Timeout | undefined;
  private sequence = 0;
  private scaledUpAt = Number.NEGATIVE_INFINITY;
  private closing: Promise<void> | undefined;

  constructor(private readonly options: ReplicaPoolOptions) {
    this.clock = options.clock ?? Date.now;
    const { settings, sizing } = options;
    this.log = new LogRing(settings.log_lines, this.clock);
    this.slotsPerReplica = Math.max(1, options.factory.replicaConcurrency);
    // Ten ticks of history, within 1 s to 1 min.
    this.waits = new WaitWindow(Math.min(60_000, Math.max(1_000, settings.autoscale_interval_ms * 10)));
    this.starts = new StartBackoff({ baseMs: 1_000, maxMs: 30_000, failuresBeforeFailed: 3, ...options.startRetry });
    const now = this.clock();
    this.scale = { target: Math.max(sizing.minReplicas, 1), lastNeededAt: now };
    this.lastCallAt = now;
    this.busyMarkAt = now;
    this.lastTickAt = now;
    this.queue = new CallQueue<LiveReplica>({
      timeoutMs: settings.queue_timeout_ms,
      clock: this.clock,
      timeoutError: (waitedMs) => {
        options.metrics.rejected(options.endpointName, options.entityName, 'queue_timeout');
        return new CairnError('ENTITY_QUEUE_TIMEOUT', `Served entity ${options.entityName} had no free replica within ${waitedMs} ms; retry later.`, {
          headers: { 'Retry-After': String(this.retryAfterSeconds()) },
        });
      },
      onLeave: () => this.publishGauges(),
    });
    this.model = pooledModel(options.factory, (signal) => this.acquire(signal));
  }

  async start(): Promise<void> {
    const { sizing } = this.options;
    this.log.write(POOL_SOURCE, 'system', `starting ${this.scale.target} replica(s); bounds ${sizing.minReplicas}–${sizing.maxReplicas} of ${this.slotsPerReplica} concurrent call(s) each${sizing.scaleToZero ? ', scale to zero on' : ''}`);
    await Promise.all(Array.from({ length: this.scale.target }, () => this.startReplica()));
    const interval = this.options.settings.autoscale_interval_ms;
    this.ticker = setInterval(() => this.tick(), interval);
    this.ticker.unref();
  }

  status(): EntityServingState {
    const live = this.liveCount();
    const { sizing } = this.options;
    const figures = {
      replicas: live,
      target_replicas: this.scale.target,
      min_replicas: sizing.minReplicas,
      max_replicas: sizing.maxReplicas,
      queue_depth: this.queue.size,
      in_flight: this.inFlight,
    };
    if (this.starts.failed && live === 0) return { state: 'FAILED', message: this.starts.lastError?.message ?? 'No replica can start.', ...figures };
    if (this.scale.target === 0 && live === 0 && this.starting === 0) return { state: 'SCALED_TO_ZERO', message: 'Scaled to zero; the next call starts a replica.', ...figures };
    const stopping = this.replicas.length - live;
    if (this.starting > 0 || stopping > 0 || live !== this.scale.target) {
      const last = this.starts.lastError;
      const why = last && this.starts.failing ? ` (last start failed: ${last.message})` : '';
      return { state: 'SCALING', message: `Scaling from ${live} to ${this.scale.target} replica(s)${why}.`, ...figures };
    }
    return { state: 'READY', message: '', ...figures };
  }

  logs(limit?: number): string[] {
    return this.log.tail(limit);
  }

  close(): Promise<void> {
    this.closing ??= this.shutDown();
    return this.closing;
  }

  /** Runs one autoscaler tick now (the timer calls this every `autoscale_interval_ms`). */
  tick(): void {
    if (this.closing) return;
    const now = this.clock();
    this.accountBusy(now);
    const elapsed = now - this.lastTickAt;
    const averageBusy = elapsed > 0 ? this.busyIntegral / elapsed : this.inFlight;
    this.busyIntegral = 0;
    this.lastTickAt = now;
    const decision = decideScale(
      {
        now,
        ready: this.liveCount(),
        starting: this.starting,
        slotsPerReplica: this.slotsPerReplica,
        busySlots: averageBusy,
        queueDepth: this.queue.size,
        queueWaitP90Ms: this.waits.p90(now, this.queue.waitAges(now)),
        lastCallAt: this.inFlight > 0 ? now : this.lastCallAt,
      },
      this.scale,
      this.options.settings,
      this.options.sizing,
    );
    this.setTarget(decision.state, decision.reason);
  }

  private setTarget(next: AutoscaleState, reason: string | null): void {
    const previous = this.scale.target;
    this.scale = next;
    if (next.target > previous) {
      // Waits measured on the old capacity say nothing about the new one: forget them, and ignore the calls
      // already queued when they are served.
      this.waits.clear();
      this.scaledUpAt = this.clock();
    }
    if (next.target !== previous) {
      const line = `scaled ${previous}→${next.target} because ${reason ?? 'of the replica bounds'}`;
      this.log.write(POOL_SOURCE, 'system', line);
      this.options.logger.info({ endpoint: this.options.endpointName, servedEntity: this.options.entityName, from: previous, to: next.target, reason }, 'replica pool scaled');
    }
    this.reconcile();
    this.publishGauges();
  }

  private async acquire(signal: AbortSignal): Promise<Lease> {
    const { options } = this;
    if (this.closing) throw new CairnError('ENTITY_UNAVAILABLE', `Served entity ${options.entityName} is shutting down.`);
    const now = this.clock();
    this.lastCallAt = now;
    if (this.starts.failed && this.liveCount() === 0) {
      options.metrics.rejected(options.endpointName, options.entityName, 'unavailable');
      throw this.starts.failureError(this.options.entityName);
    }
    if (this.queue.size === 0) {
      const free = this.freeReplica();
      if (free) {
        this.take(free);
        this.waits.record(now, 0);
        options.metrics.queueWait(options.endpointName, options.entityName, 0);
        return this.leaseOn(free);
      }
    }
    if (this.queue.size >= options.settings.max_queue) {
      options.metrics.rejected(options.endpointName, options.entityName, 'queue_full');
      this.wakeFromZero();
      throw new CairnError('ENTITY_QUEUE_FULL', `Served entity ${options.entityName} is at capacity (${this.queue.size} call(s) queued); retry later.`, {
        headers: { 'Retry-After': String(this.retryAfterSeconds()) },
      });
    }
    const queued = this.queue.enqueue(signal);
    this.wakeFromZero();
    this.publishGauges();
    return this.leaseOn(await queued);
  }

  private leaseOn(live: LiveReplica): Lease {
    const startedAt = this.clock();
    let released = false;
    return {
      model: live.replica.model,
      release: () => {
        if (released) return;
        released = true;
        const now = this.clock();
        const took = now - startedAt;
        this.serviceMs = this.serviceMs === null ? took : this.serviceMs + SERVICE_TIME_WEIGHT * (took - this.serviceMs);
        this.accountBusy(now);
        live.busy--;
        this.inFlight--;
        this.lastCallAt = now;
        this.drain();
        this.publishGauges();
      },
    };
  }

  private take(live: LiveReplica): void {
    this.accountBusy(this.clock());
    live.busy++;
    this.inFlight++;
  }

  private accountBusy(now: number): void {
    this.busyIntegral += this.inFlight * (now - this.busyMarkAt);
    this.busyMarkAt = now;
  }

  /** The least busy replica taking calls with a free slot (the oldest on a tie). */
  private freeReplica(): LiveReplica | undefined {
    let best: LiveReplica | undefined;
    for (const live of this.replicas) {
      if (live.closing || live.busy >= this.slotsPerReplica) continue;
      if (!best || live.busy < best.busy) best = live;
    }
    return best;
  }

  /** Hands free slots to queued calls, oldest first. */
  private drain(): void {
    while (this.queue.size > 0) {
      const free = this.freeReplica();
      if (!free) return;
      const waiter = this.queue.shift()!;
      const now = this.clock();
      this.take(free);
      if (waiter.enqueuedAt >= this.scaledUpAt) this.waits.record(now, now - waiter.enqueuedAt);
      this.options.metrics.queueWait(this.options.endpointName, this.options.entityName, (now - waiter.enqueuedAt) / 1000);
      waiter.resolve(free);
    }
  }

  /** A call found no replica at all on a scaled-to-zero pool: start one now rather than at the next tick. */
  private wakeFromZero(): void {
    if (this.scale.target > 0 || this.closing) return;
    this.setTarget({ target: 1, lastNeededAt: this.clock() }, 'a call arrived while scaled to zero');
  }

  private liveCount(): number {
    let count = 0;
    for (const live of this.replicas) if (!live.closing) count++;
    return count;
  }

  /** Starts or stops replicas toward the target. Never starts while a failed start is backing off. */
  private reconcile(): void {
    if (this.closing) return;
    const live = this.replicas.filter((replica) => !replica.closing);
    const missing = this.scale.target - live.length - this.starting;
    if (missing > 0 && !this.starts.waiting) {
      for (let index = 0; index < missing; index++) this.startReplica().catch(() => undefined);
    }
    const excess = live.length - this.scale.target;
    if (excess > 0) {
      const victims = [...live].sort((left, right) => left.busy - right.busy).slice(0, excess);
      for (const victim of victims) this.stopReplica(victim);
    }
  }

  private stopReplica(live: LiveReplica): void {
    live.closing = true;
    this.log.write(POOL_SOURCE, 'system', `stopping ${live.id}${live.busy > 0 ? ` after its ${live.busy} call(s)` : ''}`);
    void live.replica.close().catch(() => undefined);
  }

  private startReplica(): Promise<void> {
    const id = `replica-${++this.sequence}`;
    const startedAt = this.clock();
    this.starting++;
    this.log.write(POOL_SOURCE, 'system', `starting ${id}`);
    const started = this.options.factory
      .start({ replicaId: id, log: (line, stream = 'stdout') => this.log.write(id, stream, line) })
      .then(
        (replica) => this.onStarted(id, replica, startedAt),
        (error: unknown) => {
          throw this.onStartFailed(id, error);
        },
      );
    const tracked = started.catch(() => undefined).finally(() => this.pendingStarts.delete(tracked));
    this.pendingStarts.add(tracked);
    this.publishGauges();
    return started;
  }

  private onStarted(id: string, replica: Replica, startedAt: number): void {
    this.starting--;
    if (this.closing) {
      void replica.close().catch(() => undefined);
      return;
    }
    const took = this.clock() - startedAt;
    this.coldStartMs = took;
    if (this.starts.succeeded()) this.log.write(POOL_SOURCE, 'system', 'recovered: a replica started');
    this.options.metrics.coldStart(this.options.endpointName, this.options.entityName, took / 1000);
    this.log.write(POOL_SOURCE, 'system', `${id} started in ${took} ms`);
    const live: LiveReplica = { id, replica, busy: 0, closing: false };
    this.replicas.push(live);
    void replica.exited.then((exit) => this.onExited(live, exit));
    this.drain();
    this.reconcile();
    this.publishGauges();
  }

  private onStartFailed(id: string, error: unknown): CairnError {
    this.starting--;
    const failure = isCairnError(error)
      ? error
      : new CairnError('ENTITY_UNAVAILABLE', `Replica ${id} failed to start: ${error instanceof Error ? error.message : String(error)}`);
    if (this.closing) return failure;
    this.log.write(POOL_SOURCE, 'system', `${id} failed to start: ${failure.message}`);
    const { becameFailed, failures } = this.starts.failedWith(failure, this.liveCount(), () => this.reconcile());
    if (becameFailed) {
      this.log.write(POOL_SOURCE, 'system', `FAILED after ${failures} failed starts in a row; retrying in the background`);
      this.options.logger.warn({ endpoint: this.options.endpointName, servedEntity: this.options.entityName, error: failure.message }, 'served entity cannot start a replica');
      const queued = this.queue.size;
      this.queue.rejectAll(this.starts.failureError(this.options.entityName));
      for (let index = 0; index < queued; index++) this.options.metrics.rejected(this.options.endpointName, this.options.entityName, 'unavailable');
    }
    this.publishGauges();
    return failure;
  }

  private onExited(live: LiveReplica, exit: ReplicaExit): void {
    this.replicas = this.replicas.filter((candidate) => candidate !== live);
    if (exit.reason === 'closed') {
      this.log.write(POOL_SOURCE, 'system', `${live.id} stopped`);
    } else {
      this.log.write(POOL_SOURCE, 'system', `${live.id} exited: ${exit.reason}: ${exit.message}`);
      this.options.logger.warn({ endpoint: this.options.endpointName, servedEntity: this.options.entityName, replica: live.id, reason: exit.reason }, 'replica exited');
    }
    // Slots it held are given back when those calls settle (the factory fails them); the replacement starts now.
    this.reconcile();
    this.publishGauges();
  }

  /** Seconds until a slot is likely free: recent service time × calls ahead per slot (+ a cold start at zero), min 1. */
  private retryAfterSeconds(): number {
    const slots = this.liveCount() * this.slotsPerReplica;
    const service = this.serviceMs ?? 1_000;
    const coldStart = slots === 0 ? (this.coldStartMs ?? 1_000) : 0;
    const estimateMs = coldStart + (service * (this.queue.size + 1)) / Math.max(1, slots);
    return Math.min(3_600, Math.max(1, Math.ceil(estimateMs / 1000)));
  }

  private publishGauges(): void {
    const replicas = this.liveCount();
    const slots = replicas * this.slotsPerReplica;
    const queueDepth = this.queue.size;
    const utilization = slots > 0 ? Math.min(1, this.inFlight / slots) : queueDepth > 0 ? 1 : 0;
    this.options.metrics.gauges(this.options.endpointName, this.options.entityName, { replicas, queueDepth, utilization }, this);
  }

  private async shutDown(): Promise<void> {
    if (this.ticker) clearInterval(this.ticker);
    this.starts.stop();
    this.queue.rejectAll(new CairnError('ENTITY_UNAVAILABLE', `Served entity ${this.options.entityName} was stopped.`));
    // Starts in progress close their replica themselves once they resolve (see onStarted).
    await Promise.allSettled([...this.pendingStarts]);
    await Promise.allSettled(this.replicas.map((live) => {
      live.closing = true;
      return live.replica.close();
    }));
    await this.options.factory.close?.().catch(() => undefined);
    this.options.metrics.forget(this.options.endpointName, this.options.entityName, this);
    this.log.write(POOL_SOURCE, 'system', 'pool closed');
  }
}
