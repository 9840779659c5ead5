import { z } from 'zod';
/**
 * Request and response schemas shared by the MLflow registry routes. Tolerant where MLflow's clients
 * are loose (versions as numbers or strings, query-string values as strings, a single value where a list
 * is expected); unknown fields are ignored, as MLflow's own server does, except server-managed ones.
 */
/**
 * Text that both databases can store: PostgreSQL refuses NUL characters in text, which would otherwise
 * surface as a 500 instead of a 400.
 */
export function text(maxLength) {
    return z
        .string()
        .max(maxLength)
        .refine((value) => !value.includes('\u0000'), 'must not contain NUL characters');
}
export const nameField = text(1000);
/** "3" or 3; the service turns anything but a positive integer into INVALID_PARAMETER_VALUE. */
export const versionField = z.union([text(50), z.number()]).transform(String);
/** A repeated query key arrives as an array, a single one as a string. */
export const stringListField = z
    .union([text(1000), z.array(text(1000)).max(100)])
    .optional()
    .transform((value) => (value === undefined ? undefined : Array.isArray(value) ? value : [value]));
/** Query strings carry booleans as text. */
export const booleanField = z
    .union([z.boolean(), z.enum(['true', 'false', 'True', 'False'])])
    .transform((value) => value === true || value === 'true' || value === 'True');
export const tagSchema = z.object({ key: text(1000), value: text(200_000).default('') });
export const searchBodySchema = z.object({
    filter: text(10_000).optional(),
    max_results: z.union([z.number(), text(20)]).optional(),
    order_by: stringListField,
    page_token: text(2000).optional(),
});
/** Fields the server owns: sending them to an update call is a 400, never a silent change (OWASP API3). */
const serverManagedFields = [
    'id',
    'source',
    'run_id',
    'run_link',
    'user_id',
    'status',
    'status_message',
    'current_stage',
    'creation_timestamp',
    'last_updated_timestamp',
    'latest_versions',
    'aliases',
    'tags',
    'owner',
    'created_by',
];
/** An update body: the given fields, unknown ones ignored, server-managed ones rejected by name. */
export function updateBodySchema(shape, what) {
    return z.looseObject(shape).superRefine((value, context) => {
        for (const field of serverManagedFields) {
            if (Object.hasOwn(value, field) && !Object.hasOwn(shape, field)) {
                context.addIssue({ code: 'custom', path: [field], message: `${field} of a ${what} cannot be changed` });
            }
        }
    });
}
export const modelVersionSchema = z.object({
    name: z.string(),
    version: z.string(),
    creation_timestamp: z.number().int(),
    last_updated_timestamp: z.number().int(),
    user_id: z.string().optional(),
    current_stage: z.enum(['None', 'Staging', 'Production', 'Archived']),
    description: z.string(),
    source: z.string(),
    run_id: z.string(),
    run_link: z.string().optional(),
    status: z.enum(['PENDING_REGISTRATION', 'FAILED_REGISTRATION', 'READY']),
    status_message: z.string().optional(),
    tags: z.array(z.object({ key: z.string(), value: z.string() })),
    aliases: z.array(z.string()),
});
export const registeredModelSchema = z.object({
    id: z.string(),
    name: z.string(),
    creation_timestamp: z.number().int(),
    last_updated_timestamp: z.number().int(),
    user_id: z.string().optional(),
    description: z.string(),
    latest_versions: z.array(modelVersionSchema),
    tags: z.array(z.object({ key: z.string(), value: z.string() })),
    aliases: z.array(z.object({ alias: z.string(), version: z.string() })),
});
export const emptyResponseSchema = z.object({});
//# sourceMappingURL=mlflow-schemas.js.map