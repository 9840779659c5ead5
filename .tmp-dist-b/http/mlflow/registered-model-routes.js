import { z } from 'zod';
import { defineRoute } from '../route.js';
import { emptyResponseSchema, modelVersionSchema, nameField, text, registeredModelSchema, searchBodySchema, stringListField, tagSchema, updateBodySchema, versionField, } from './mlflow-schemas.js';
const base = '/api/2.0/mlflow/registered-models';
const tag = 'mlflow-registered-models';
const nameBody = z.object({ name: nameField });
const aliasBody = z.object({ name: nameField, alias: text(1000) });
const latestVersionsBody = z.object({ name: nameField, stages: stringListField });
const searchResponse = z.object({ registered_models: z.array(registeredModelSchema), next_page_token: z.string().optional() });
/** MLflow's `/api/2.0/mlflow/registered-models/*`, with MLflow's methods, field names and response shapes. */
export function registeredModelRoutes(services) {
    const models = services.registry.registeredModels;
    const search = (method) => defineRoute({
        method,
        path: `${base}/search`,
        summary: 'Search registered models the caller may read (MLflow filter, order_by, max_results, page_token).',
        tag,
        body: searchBodySchema,
        response: searchResponse,
        handler: async ({ principal, body }) => {
            const page = await models.search(principal, body);
            return { registered_models: page.items, ...(page.next_page_token ? { next_page_token: page.next_page_token } : {}) };
        },
    });
    const latestVersions = (method) => defineRoute({
        method,
        path: `${base}/get-latest-versions`,
        summary: 'Latest version of a registered model in each stage (or in the given stages).',
        tag,
        body: latestVersionsBody,
        response: z.object({ model_versions: z.array(modelVersionSchema) }),
        handler: async ({ principal, body }) => ({ model_versions: await models.getLatestVersions(principal, body) }),
    });
    return [
        defineRoute({
            method: 'POST',
            path: `${base}/create`,
            summary: 'Create a registered model; the creator gets CAN_MANAGE on it.',
            tag,
            body: z.object({ name: nameField, description: text(200_000).optional(), tags: z.array(tagSchema).optional() }),
            response: z.object({ registered_model: registeredModelSchema }),
            handler: async ({ principal, body }) => ({ registered_model: await models.create(principal, body) }),
        }),
        defineRoute({
            method: 'GET',
            path: `${base}/get`,
            summary: 'Get a registered model with its tags, aliases and latest versions.',
            tag,
            body: nameBody,
            response: z.object({ registered_model: registeredModelSchema }),
            handler: async ({ principal, body }) => ({ registered_model: await models.get(principal, body.name) }),
        }),
        search('GET'),
        search('POST'),
        defineRoute({
            method: 'PATCH',
            path: `${base}/update`,
            summary: "Update a registered model's description.",
            tag,
            body: updateBodySchema({ name: nameField, description: text(200_000).optional() }, 'registered model'),
            response: z.object({ registered_model: registeredModelSchema }),
            handler: async ({ principal, body }) => ({
                registered_model: await models.update(principal, { name: body.name, description: body.description }),
            }),
        }),
        defineRoute({
            method: 'POST',
            path: `${base}/rename`,
            summary: 'Rename a registered model; its versions, aliases and permissions follow it. Needs CAN_MANAGE.',
            tag,
            body: z.object({ name: nameField, new_name: nameField }),
            response: z.object({ registered_model: registeredModelSchema }),
            handler: async ({ principal, body }) => ({ registered_model: await models.rename(principal, body) }),
        }),
        defineRoute({
            method: 'DELETE',
            path: `${base}/delete`,
            summary: 'Delete a registered model with all its versions. Needs CAN_MANAGE.',
            tag,
            body: nameBody,
            response: emptyResponseSchema,
            handler: async ({ principal, body }) => {
                await models.delete(principal, body.name);
                return {};
            },
        }),
        defineRoute({
            method: 'POST',
            path: `${base}/set-tag`,
            summary: 'Set a tag on a registered model.',
            tag,
            body: z.object({ name: nameField, key: text(1000), value: text(200_000) }),
            response: emptyResponseSchema,
            handler: async ({ principal, body }) => {
                await models.setTag(principal, body);
                return {};
            },
        }),
        defineRoute({
            method: 'DELETE',
            path: `${base}/delete-tag`,
            summary: 'Delete a tag from a registered model.',
            tag,
            body: z.object({ name: nameField, key: text(1000) }),
            response: emptyResponseSchema,
            handler: async ({ principal, body }) => {
                await models.deleteTag(principal, body);
                return {};
            },
        }),
        defineRoute({
            method: 'POST',
            path: `${base}/alias`,
            summary: 'Point an alias at a model version (moving it if it exists). Audited.',
            tag,
            body: z.object({ name: nameField, alias: text(1000), version: versionField }),
            response: emptyResponseSchema,
            handler: async ({ principal, body }) => {
                await models.setAlias(principal, body);
                return {};
            },
        }),
        defineRoute({
            method: 'DELETE',
            path: `${base}/alias`,
            summary: 'Delete an alias of a registered model. Audited.',
            tag,
            body: aliasBody,
            response: emptyResponseSchema,
            handler: async ({ principal, body }) => {
                await models.deleteAlias(principal, body);
                return {};
            },
        }),
        defineRoute({
            method: 'GET',
            path: `${base}/alias`,
            summary: 'Get the model version an alias points at.',
            tag,
            body: aliasBody,
            response: z.object({ model_version: modelVersionSchema }),
            handler: async ({ principal, body }) => ({ model_version: await models.getVersionByAlias(principal, body) }),
        }),
        latestVersions('POST'),
        latestVersions('GET'),
    ];
}
//# sourceMappingURL=registered-model-routes.js.map