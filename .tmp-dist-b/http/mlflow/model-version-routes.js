import { z } from 'zod';
import { defineRoute } from '../route.js';
import { booleanField, emptyResponseSchema, modelVersionSchema, nameField, text, searchBodySchema, tagSchema, updateBodySchema, versionField, } from './mlflow-schemas.js';
const base = '/api/2.0/mlflow/model-versions';
const tag = 'mlflow-model-versions';
const versionBody = z.object({ name: nameField, version: versionField });
const versionResponse = z.object({ model_version: modelVersionSchema });
const searchResponse = z.object({ model_versions: z.array(modelVersionSchema), next_page_token: z.string().optional() });
/** MLflow's `/api/2.0/mlflow/model-versions/*`. A version's source and run_id are fixed when it is created. */
export function modelVersionRoutes(services) {
    const versions = services.registry.modelVersions;
    const search = (method) => defineRoute({
        method,
        path: `${base}/search`,
        summary: 'Search model versions of models the caller may read (filter on name, run_id, source_path, version_number, tags).',
        tag,
        body: searchBodySchema,
        response: searchResponse,
        handler: async ({ principal, body }) => {
            const page = await versions.search(principal, body);
            return { model_versions: page.items, ...(page.next_page_token ? { next_page_token: page.next_page_token } : {}) };
        },
    });
    return [
        defineRoute({
            method: 'POST',
            path: `${base}/create`,
            summary: 'Create the next version of a registered model (status READY).',
            tag,
            body: z.object({
                name: nameField,
                source: text(10_000),
                run_id: text(1000).optional(),
                run_link: text(10_000).optional(),
                description: text(200_000).optional(),
                tags: z.array(tagSchema).optional(),
            }),
            response: versionResponse,
            handler: async ({ principal, body }) => ({ model_version: await versions.create(principal, body) }),
        }),
        defineRoute({
            method: 'GET',
            path: `${base}/get`,
            summary: 'Get a model version.',
            tag,
            body: versionBody,
            response: versionResponse,
            handler: async ({ principal, body }) => ({ model_version: await versions.get(principal, body) }),
        }),
        search('GET'),
        search('POST'),
        defineRoute({
            method: 'PATCH',
            path: `${base}/update`,
            summary: "Update a model version's description (source and run_id never change).",
            tag,
            body: updateBodySchema({ name: nameField, version: versionField, description: text(200_000).optional() }, 'model version'),
            response: versionResponse,
            handler: async ({ principal, body }) => ({
                model_version: await versions.update(principal, { name: body.name, version: body.version, description: body.description }),
            }),
        }),
        defineRoute({
            method: 'DELETE',
            path: `${base}/delete`,
            summary: 'Delete a model version and the aliases pointing at it. Needs CAN_MANAGE.',
            tag,
            body: versionBody,
            response: emptyResponseSchema,
            handler: async ({ principal, body }) => {
                await versions.delete(principal, body);
                return {};
            },
        }),
        defineRoute({
            method: 'POST',
            path: `${base}/transition-stage`,
            summary: 'Move a version to None, Staging, Production or Archived; Production needs CAN_MANAGE. Audited.',
            tag,
            body: z.object({
                name: nameField,
                version: versionField,
                stage: text(100),
                archive_existing_versions: booleanField.optional(),
            }),
            response: versionResponse,
            handler: async ({ principal, body }) => ({ model_version: await versions.transitionStage(principal, body) }),
        }),
        defineRoute({
            method: 'POST',
            path: `${base}/set-tag`,
            summary: 'Set a tag on a model version.',
            tag,
            body: z.object({ name: nameField, version: versionField, key: text(1000), value: text(200_000) }),
            response: emptyResponseSchema,
            handler: async ({ principal, body }) => {
                await versions.setTag(principal, body);
                return {};
            },
        }),
        defineRoute({
            method: 'DELETE',
            path: `${base}/delete-tag`,
            summary: 'Delete a tag from a model version.',
            tag,
            body: z.object({ name: nameField, version: versionField, key: text(1000) }),
            response: emptyResponseSchema,
            handler: async ({ principal, body }) => {
                await versions.deleteTag(principal, body);
                return {};
            },
        }),
    ];
}
//# sourceMappingURL=model-version-routes.js.map