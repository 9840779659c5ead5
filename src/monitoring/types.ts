/** One finished call, as the serving pipeline reports it to metrics. */
export interface CallObservation {
  endpoint: string;
  servedEntity: string;
  /** chat | text_completion | embeddings (OTel gen_ai.operation.name values) */
  operation: 'chat' | 'text_completion' | 'embeddings';
  /** Provider system name (openai, demo…) for gen_ai.system */
  provider: string;
  model: string;
  statusCode: number;
  errorCode: string | null;
  durationMs: number;
  ttftMs: number | null;
  overheadMs: number;
  inputTokens: number | null;
  outputTokens: number | null;
  stream: boolean;
}

export type PolicyRejectionReason = 'rate_limit' | 'budget' | 'guardrail' | 'circuit_open' | 'policy_store';
export type AttemptResult = 'success' | 'failure' | 'retried' | 'fell_back' | 'skipped_open_circuit';

/** Counters of the gateway policies (rate limits, budgets, guardrails, cost, retries). */
export interface GatewayMetrics {
  guardrailVerdict(endpoint: string, guardrail: string, stage: 'input' | 'output', action: string): void;
  policyRejection(endpoint: string, reason: PolicyRejectionReason): void;
  cost(endpoint: string, servedEntity: string, model: string, usd: number): void;
  upstreamAttempt(endpoint: string, servedEntity: string, result: AttemptResult): void;
  budgetEvent(endpoint: string, budget: string, kind: string): void;
  usageEstimated(endpoint: string, servedEntity: string): void;
}

/** In-memory metrics; every method is O(1) and never does I/O. */
export interface MetricsRecorder extends GatewayMetrics {
  observeCall(observation: CallObservation): void;
  inFlight(endpoint: string, delta: 1 | -1): void;
  /** Any HTTP request (control plane too): overhead histogram source for `x-cairn-overhead-ms`. */
  observeHttp(route: string, method: string, statusCode: number, durationMs: number): void;
  captureQueueDepth(depth: number): void;
  captureDropped(count: number): void;
  captureWritten(count: number): void;
  /** A predict call whose predictions did not match the served entity's output signature (the call still succeeded). */
  signatureOutputMismatch(endpoint: string, servedEntity: string): void;
  /** Descriptor rows by outcome: written, skipped (failed call, sampled out), dropped (queue full), failed. */
  descriptorRows?(outcome: 'written' | 'skipped' | 'dropped' | 'failed', count: number): void;
  /** Alert notification attempts by channel kind: delivered, retried (failed, will retry) or dead (dead-lettered). */
  alertDelivery?(kind: string, outcome: 'delivered' | 'retried' | 'dead'): void;
  /** Prometheus text exposition of everything. */
  render(): Promise<string>;
  /** Prometheus text restricted to series labelled with this endpoint. */
  renderEndpoint(endpoint: string): Promise<string>;
  readonly contentType: string;
}
