import type { Services } from '../services.js';
import { anthropicRoutes } from './anthropic/anthropic-routes.js';
import { alertDeliveryRoutes } from './cairn/alert-delivery-routes.js';
import { alertRoutes, endpointDisableRoutes } from './cairn/alert-routes.js';
import { feedbackRoutes } from './cairn/feedback-routes.js';
import { descriptorRoutes } from './cairn/descriptor-routes.js';
import { inferenceLogRoutes } from './cairn/inference-log-routes.js';
import { metricsRoutes } from './cairn/metrics-routes.js';
import { modelPackageRoutes } from './cairn/model-package-routes.js';
import { monitorRoutes } from './cairn/monitor-routes.js';
import { reviewRoutes } from './cairn/review-routes.js';
import { rollupRoutes } from './cairn/rollup-routes.js';
import { invocationRoutes } from './databricks/invocation-routes.js';
import { permissionRoutes } from './databricks/permission-routes.js';
import { principalRoutes } from './databricks/principal-routes.js';
import { secretRoutes } from './databricks/secret-routes.js';
import { servingEndpointRoutes } from './databricks/serving-endpoint-routes.js';
import { tokenRoutes } from './databricks/token-routes.js';
import { healthRoutes } from './health-routes.js';
import { modelVersionRoutes } from './mlflow/model-version-routes.js';
import { registeredModelRoutes } from './mlflow/registered-model-routes.js';
import { webhookRoutes } from './mlflow/webhook-routes.js';
import { openAiRoutes } from './openai/openai-routes.js';
import type { AnyRoute } from './route.js';

/** Every API surface's routes; `/openapi.json` is generated from this same list. */
export function allRoutes(services: Services, openApiDocument: () => unknown): AnyRoute[] {
  return [
    ...healthRoutes(services, openApiDocument),
    ...servingEndpointRoutes(services),
    ...invocationRoutes(services),
    ...openAiRoutes(services),
    ...anthropicRoutes(services),
    ...registeredModelRoutes(services),
    ...modelVersionRoutes(services),
    ...modelPackageRoutes(services),
    ...webhookRoutes(services),
    ...tokenRoutes(services),
    ...principalRoutes(services),
    ...permissionRoutes(services),
    ...secretRoutes(services),
    ...inferenceLogRoutes(services),
    ...descriptorRoutes(services),
    ...metricsRoutes(services),
    ...rollupRoutes(services),
    ...alertDeliveryRoutes(services),
    ...alertRoutes(services),
    ...endpointDisableRoutes(services),
    ...feedbackRoutes(services),
    ...monitorRoutes(services),
    ...reviewRoutes(services),
  ];
}
