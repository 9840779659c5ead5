import { z } from 'zod';

/**
 * The model package manifest: a YAML file named `MLmodel` at the package root (MLflow's idea, Cairn's fields).
 *
 * ```yaml
 * flavors:
 *   js:
 *     entry: model.js            # module inside the package (.js / .mjs / .cjs)
 *     capabilities: [predict]    # any of predict, chat, embed: each must be exported by the module
 * signature:
 *   inputs: {type: object, properties: {text: {type: string}}, required: [text]}   # JSON Schema of ONE record
 *   outputs: {type: object}      # JSON Schema of ONE prediction
 *   params: {type: object}       # JSON Schema of the request's `params`
 * input_example: {text: "Cairn serves models."}   # a record; or {messages: [...]} (chat) / {input: [...]} (embed)
 * dependencies:
 *   npm: {lockfile: package-lock.json}            # package.json beside it; installed with scripts off
 * resources: {memory_mb: 256, timeout_ms: 30000, concurrency: 1}
 * metadata: {author: …, license: …, source_commit: …, run_id: …, training_data_digest: sha256:…}
 * ```
 */

/** Flavours Cairn can serve; a manifest naming only others is refused at packaging time. */
export const knownFlavors = ['js'] as const;
export type Capability = 'predict' | 'chat' | 'embed';

/** A path inside the package: relative, forward slashes, no `..`, no leading `/`. */
export const packagePathSchema = z
  .string()
  .min(1)
  .max(512)
  .refine((value) => !value.startsWith('/') && !value.includes('\\') && !value.split('/').some((part) => part === '..' || part === ''), {
    message: 'must be a relative path inside the package (no "..", no leading "/", forward slashes)',
  });

/** JSON Schema documents are checked by Ajv when the package is validated; here only their outer shape. */
const jsonSchema = z.record(z.string(), z.unknown());

export const jsFlavorSchema = z
  .object({
    entry: packagePathSchema.refine((value) => /\.(m|c)?js$/.test(value), { message: 'must be a .js, .mjs or .cjs module' }),
    capabilities: z.array(z.enum(['predict', 'chat', 'embed'])).min(1),
  })
  .strict();

export const manifestSchema = z
  .object({
    name: z.string().max(200).optional(),
    flavors: z.record(z.string(), z.record(z.string(), z.unknown())).refine((value) => Object.keys(value).length > 0, {
      message: 'needs at least one flavour',
    }),
    signature: z
      .object({ inputs: jsonSchema.optional(), outputs: jsonSchema.optional(), params: jsonSchema.optional() })
      .strict()
      .optional(),
    input_example: z.unknown().optional(),
    dependencies: z
      .object({ npm: z.object({ lockfile: packagePathSchema }).strict().optional() })
      .strict()
      .optional(),
    resources: z
      .object({
        memory_mb: z.number().int().min(16).max(16_384).optional(),
        timeout_ms: z.number().int().min(10).max(3_600_000).optional(),
        concurrency: z.number().int().min(1).max(256).optional(),
      })
      .strict()
      .optional(),
    metadata: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  })
  .strict();

export type PackageManifest = z.output<typeof manifestSchema>;
export type JsFlavor = z.output<typeof jsFlavorSchema>;

/** One file of a package, as recorded in the artifact store. */
export interface PackageFile {
  path: string;
  size: number;
  sha256: string;
}

/** A version's `source` for a package in the artifact store. */
export const packageSourcePrefix = 'cairn-package://sha256:';

export function packageSource(digest: string): string {
  return `${packageSourcePrefix}${digest}`;
}

/** The digest a source names, or undefined when it is not a package source. */
export function digestOfSource(source: string): string | undefined {
  if (!source.startsWith(packageSourcePrefix)) return undefined;
  const digest = source.slice(packageSourcePrefix.length);
  return /^[0-9a-f]{64}$/.test(digest) ? digest : undefined;
}
