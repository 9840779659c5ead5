import { randomUUID } from 'node:crypto';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyServerOptions, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { Authorizer, Principal } from '../auth/types.js';
import type { CairnConfig } from '../config/index.js';
import { CairnError } from '../errors/index.js';
import type { MetricsRecorder } from '../monitoring/types.js';
import { errorBody, toCairnError } from './error-response.js';
import type { AnyRoute, RouteContext } from './route.js';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | undefined;
    /** performance.now() when the request arrived. */
    startedAt: number;
    /** Time spent waiting on a model or upstream; subtracted from the total to give Cairn's overhead. */
    upstreamMs: number;
  }
  interface FastifyContextConfig {
    auth?: 'required' | 'admin' | 'none';
    onRejected?: (request: FastifyRequest, error: CairnError) => void;
    /** The route takes its body as text, or as bytes with 'binary' (see RouteDefinition.rawBody). */
    rawBody?: boolean | 'binary';
  }
}

export interface HttpServerDependencies {
  config: Readonly<CairnConfig>;
  logger: Logger;
  auth: Authorizer;
  metrics: MetricsRecorder;
  routes: AnyRoute[];
}

const anonymous: Principal = Object.freeze({
  id: 'anonymous',
  kind: 'user',
  name: 'anonymous',
  displayName: 'anonymous',
  isAdmin: false,
  groupIds: [],
});

/** Takes the token from `Authorization: Bearer …`; the Anthropic SDK sends `x-api-key` instead. */
export function tokenFromHeaders(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (typeof header === 'string') {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    return match ? match[1] : undefined;
  }
  const apiKey = request.headers['x-api-key'];
  return typeof apiKey === 'string' && apiKey.length > 0 ? apiKey : undefined;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function sendError(request: FastifyRequest, reply: FastifyReply, error: CairnError): FastifyReply {
  for (const [name, value] of Object.entries(error.headers)) reply.header(name, value);
  return reply.status(error.status).type('application/json').send(errorBody(error, request.url));
}

export function overheadMs(request: FastifyRequest): number {
  return Math.max(0, performance.now() - request.startedAt - request.upstreamMs);
}

/** Builds the Fastify server with Cairn's edge behaviour: auth, JSON errors, request ids, overhead header. */
export function createHttpServer(dependencies: HttpServerDependencies): FastifyInstance {
  const { config, logger, auth, metrics } = dependencies;
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    // Cairn writes its own one-line access log in onResponse (with route pattern and request id).
    logController: new LogController({ disableRequestLogging: true }),
    // No per-request child logger: it costs an allocation per call, and Cairn's lines name request_id themselves.
    childLoggerFactory: (parent) => parent,
    bodyLimit: config.server.body_limit_bytes,
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    return503OnClosing: true,
    trustProxy: config.server.trust_proxy as FastifyServerOptions['trustProxy'],
    keepAliveTimeout: 72_000,
    // Cairn bounds whole calls itself (config.server.request_timeout_ms); Node's own request timeout would
    // cut long streams without a final event.
    requestTimeout: 0,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 500 },
  });

  app.decorateRequest('principal', undefined);
  app.decorateRequest('startedAt', 0);
  app.decorateRequest('upstreamMs', 0);

  // Every body is JSON whatever the content type (curl -d sends form encoding); an empty body is undefined.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (request, body, done) => {
    const buffer = body as Buffer;
    if (buffer.length === 0) return done(null, undefined);
    if (request.routeOptions.config?.rawBody === 'binary') return done(null, buffer);
    if (request.routeOptions.config?.rawBody) return done(null, buffer.toString('utf8'));
    try {
      done(null, JSON.parse(buffer.toString('utf8')));
    } catch {
      done(new CairnError('MALFORMED_REQUEST', 'Request body is not valid JSON.'), undefined);
    }
  });

  const corsOrigins = new Set(config.server.cors_origins);
  app.addHook('onRequest', async (request, reply) => {
    request.startedAt = performance.now();
    reply.header('x-request-id', request.id);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('x-frame-options', 'DENY');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('cache-control', 'no-store');
    // CORS is denied unless an origin is configured (SEC API8): no headers means browsers refuse.
    const origin = request.headers.origin;
    if (typeof origin === 'string' && corsOrigins.has(origin)) {
      reply.header('access-control-allow-origin', origin);
      reply.header('vary', 'Origin');
      if (request.method === 'OPTIONS') {
        reply.header('access-control-allow-methods', 'GET, POST, PUT, PATCH, DELETE');
        reply.header('access-control-allow-headers', 'authorization, content-type, x-api-key, x-client-request-id');
        reply.header('access-control-max-age', '600');
        return reply.status(204).send();
      }
    }
    if (request.routeOptions.config?.auth === 'none') return;
    // Unknown routes authenticate too, so the 404/401 difference does not reveal what exists.
    request.principal = auth.authenticate(tokenFromHeaders(request), request.ip);
    if (request.routeOptions.config?.auth === 'admin' && !request.principal.isAdmin) {
      throw new CairnError('PERMISSION_DENIED', `Only workspace admins may call ${request.method} ${request.routeOptions.url ?? request.url.split('?')[0]}.`);
    }
  });

  app.addHook('onSend', async (request, reply, payload) => {
    if (!reply.hasHeader('x-cairn-overhead-ms')) reply.header('x-cairn-overhead-ms', overheadMs(request).toFixed(2));
    return payload;
  });

  app.addHook('onResponse', async (request, reply) => {
    const durationMs = performance.now() - request.startedAt;
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.observeHttp(route, request.method, reply.statusCode, durationMs);
    request.log.info(
      { request_id: request.id, method: request.method, route, status: reply.statusCode, duration_ms: Math.round(durationMs * 100) / 100 },
      'request',
    );
  });

  app.setErrorHandler((error, request, reply) => {
    const cairnError = toCairnError(error);
    if (cairnError.status >= 500 && cairnError.code === 'INTERNAL_ERROR') {
      request.log.error({ err: error, request_id: request.id }, 'unhandled error');
    }
    const onRejected = request.routeOptions.config?.onRejected;
    if (onRejected && request.principal) onRejected(request, cairnError);
    return sendError(request, reply, cairnError);
  });

  app.setNotFoundHandler((request, reply) => {
    // onRequest hooks do not run for unmatched routes when Fastify answers 404 itself, so authenticate here.
    if (!request.principal) {
      try {
        request.principal = auth.authenticate(tokenFromHeaders(request), request.ip);
      } catch (error) {
        return sendError(request, reply, toCairnError(error));
      }
    }
    return sendError(request, reply, new CairnError('ENDPOINT_NOT_FOUND', `No route ${request.method} ${request.url.split('?')[0]}.`));
  });

  // Recorded from Fastify itself, so a route added any other way is caught by the inventory test too.
  const table = new Set<string>();
  routeTable.set(app, table);
  app.addHook('onRoute', (options) => {
    for (const method of [options.method].flat()) if (method !== 'HEAD') table.add(`${method} ${options.url}`);
  });
  for (const route of dependencies.routes) registerRoute(app, route);
  return app;
}

/** Every method + path Fastify registered (HEAD excluded), for the OpenAPI inventory check (SEC API9). */
export function registeredRoutes(app: FastifyInstance): Array<{ method: string; path: string }> {
  return [...(routeTable.get(app) ?? [])].map((key) => {
    const [method, path] = key.split(' ');
    return { method: method!, path: path! };
  });
}

const routeTable = new WeakMap<FastifyInstance, Set<string>>();

function registerRoute(app: FastifyInstance, route: AnyRoute): void {
  app.route({
    method: route.method,
    url: route.path,
    config: { auth: route.auth ?? 'required', onRejected: route.onRejected, rawBody: route.rawBody === undefined ? false : route.rawBody.binary ? 'binary' : true },
    ...(route.rawBody?.limitBytes !== undefined ? { bodyLimit: route.rawBody.limitBytes } : {}),
    handler: async (request, reply) => {
      let rawBody: unknown = request.body;
      if (route.method === 'GET' || route.method === 'DELETE') {
        const query = isPlainObject(request.query) ? request.query : {};
        rawBody = isPlainObject(rawBody) ? { ...query, ...rawBody } : { ...query };
      } else if (rawBody === undefined && route.method === 'PATCH') {
        rawBody = {};
      }
      const context: RouteContext<unknown, unknown, unknown> = {
        body: route.body ? route.body.parse(rawBody ?? {}) : rawBody,
        query: route.query ? route.query.parse(request.query ?? {}) : request.query,
        params: route.params ? route.params.parse(request.params ?? {}) : request.params,
        principal: request.principal ?? anonymous,
        requestId: request.id,
        request,
        reply,
      };
      const result = await route.handler(context);
      if (reply.sent || reply.raw.headersSent) return reply;
      return reply.send(result ?? {});
    },
  });
}
