/** What an HTTP channel sends: built by a pure function per kind, sent by `sendHttp`. */
export interface HttpRequestSpec {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** Per attempt: receivers deduplicate on the delivery id; the timestamp guards against replays. */
export interface SendContext {
  deliveryId: string;
  sentAt: number;
}
