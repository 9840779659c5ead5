import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { Principal } from '../auth/types.js';
import type { CairnError } from '../errors/index.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteContext<TBody, TQuery, TParams> {
  /** Validated body. For GET and DELETE, Cairn tolerates clients that send fields in the query string
   * or the body (Databricks / MLflow clients do both): the two are merged before validation. */
  body: TBody;
  query: TQuery;
  params: TParams;
  /** The authenticated caller; routes with `auth: 'none'` get an anonymous placeholder. */
  principal: Principal;
  requestId: string;
  request: FastifyRequest;
  reply: FastifyReply;
}

export interface RouteDefinition<TBody = unknown, TQuery = unknown, TParams = unknown> {
  method: HttpMethod;
  /** Fastify path syntax, e.g. `/api/2.0/serving-endpoints/:name`. */
  path: string;
  summary: string;
  /** OpenAPI tag, one per API surface. */
  tag: string;
  /**
   * Health checks are the only routes without auth. `admin`: refused with 403 before the body is read (uploads
   * only admins may make, so a large body from anyone else is never received).
   */
  auth?: 'required' | 'admin' | 'none';
  body?: z.ZodType<TBody>;
  query?: z.ZodType<TQuery>;
  params?: z.ZodType<TParams>;
  /** Documented response body (OpenAPI only; not enforced at run time). */
  response?: z.ZodType;
  /** Documented non-JSON response content type, e.g. `text/event-stream` or `text/plain`. */
  produces?: string[];
  /**
   * Called when the request fails before the handler's own error handling: unparseable or oversize body,
   * schema validation. Invocation routes use it so every failed query still becomes a capture row.
   * Not called for unauthenticated requests (they never reach an endpoint's inference table).
   */
  onRejected?: (request: FastifyRequest, error: CairnError) => void;
  /**
   * The handler receives the body as text (any content type) instead of parsed JSON: uploads such as JSON Lines.
   * `limitBytes` replaces the server's body limit for this route; `binary` hands over the bytes as a Buffer
   * (uploads such as model package archives).
   */
  rawBody?: { limitBytes?: number; binary?: boolean };
  /**
   * Returns the JSON body to send with status 200, or nothing when it wrote the reply itself
   * (streams, custom status codes).
   */
  handler(context: RouteContext<TBody, TQuery, TParams>): Promise<unknown> | unknown;
}

/** Identity function that keeps the three schema types tied to the handler's context. */
export function defineRoute<TBody = undefined, TQuery = undefined, TParams = undefined>(
  route: RouteDefinition<TBody, TQuery, TParams>,
): RouteDefinition<TBody, TQuery, TParams> {
  return route;
}

// Routes are stored heterogeneously; the handler types are checked at the `defineRoute` call site.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the list holds routes of every body type
export type AnyRoute = RouteDefinition<any, any, any>;
