import type { FastifyReply } from 'fastify';

/**
 * Writes Server-Sent Events on the raw response with backpressure: when the client reads slowly, writing
 * waits for `drain` instead of buffering without bound (SEC-DOS-4).
 */
export class SseWriter {
  private opened = false;
  private corked = false;

  constructor(
    private readonly reply: FastifyReply,
    private readonly signal: AbortSignal,
  ) {}

  get isOpen(): boolean {
    return this.opened && !this.reply.raw.destroyed;
  }

  open(extraHeaders: Record<string, string>): void {
    const raw = this.reply.raw;
    this.reply.hijack();
    const headers: Record<string, string> = {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
      ...extraHeaders,
    };
    for (const [name, value] of Object.entries(this.reply.getHeaders())) {
      if (value !== undefined && !(name in headers)) headers[name] = String(value);
    }
    raw.writeHead(200, headers);
    this.opened = true;
  }

  async event(data: unknown): Promise<void> {
    await this.write(`data: ${JSON.stringify(data)}\n\n`);
  }

  /** An event with a name (`event: <name>`), as Anthropic's stream dialect uses. */
  async named(name: string, data: unknown): Promise<void> {
    await this.write(`event: ${name}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  async done(): Promise<void> {
    await this.write('data: [DONE]\n\n');
    this.end();
  }

  /** The OpenAI SDK raises an APIError for a `data:` event whose JSON holds `error`. */
  async error(body: Record<string, unknown>): Promise<void> {
    await this.write(`data: ${JSON.stringify(body.error ? body : { error: body })}\n\n`).catch(() => undefined);
  }

  end(): void {
    if (this.corked) {
      this.corked = false;
      this.reply.raw.uncork();
    }
    if (!this.reply.raw.writableEnded) this.reply.raw.end();
  }

  /**
   * Events parsed from one upstream network read are written in the same tick; corking until the tick ends
   * sends them in one socket write instead of one syscall each (the largest self-time cost of streaming).
   */
  private corkUntilTick(): void {
    if (this.corked) return;
    this.corked = true;
    this.reply.raw.cork();
    process.nextTick(() => {
      if (!this.corked) return;
      this.corked = false;
      this.reply.raw.uncork();
    });
  }

  private write(text: string): Promise<void> {
    const raw = this.reply.raw;
    if (raw.destroyed || raw.writableEnded) return Promise.reject(this.signal.reason ?? new Error('client gone'));
    this.corkUntilTick();
    if (raw.write(text)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const cleanup = () => {
        raw.off('drain', onDrain);
        raw.off('close', onClose);
      };
      const onDrain = () => {
        cleanup();
        resolve();
      };
      const onClose = () => {
        cleanup();
        reject(this.signal.reason ?? new Error('client gone'));
      };
      raw.on('drain', onDrain);
      raw.on('close', onClose);
    });
  }
}
