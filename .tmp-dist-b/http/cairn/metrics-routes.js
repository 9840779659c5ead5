import { requireAdmin } from '../../auth/index.js';
import { defineRoute } from '../route.js';
/** `GET /metrics`: every series in Prometheus text format, for admins (and the scrapers they give admin tokens). */
export function metricsRoutes(services) {
    const { metrics } = services;
    return [
        defineRoute({
            method: 'GET',
            path: '/metrics',
            summary: 'Prometheus metrics (OpenTelemetry GenAI names where they exist). Admins only.',
            tag: 'monitoring',
            produces: [metrics.contentType],
            handler: async ({ principal, reply }) => {
                requireAdmin(principal);
                const text = await metrics.render();
                reply.type(metrics.contentType);
                return text;
            },
        }),
    ];
}
//# sourceMappingURL=metrics-routes.js.map