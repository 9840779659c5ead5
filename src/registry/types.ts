/** MLflow REST shapes (field names as MLflow sends them; versions are strings, timestamps integer ms). */
export interface ModelVersionTag {
  key: string;
  value: string;
}

export type Stage = 'None' | 'Staging' | 'Production' | 'Archived';

export interface ModelVersion {
  name: string;
  version: string;
  creation_timestamp: number;
  last_updated_timestamp: number;
  user_id?: string;
  current_stage: Stage;
  description: string;
  source: string;
  run_id: string;
  run_link?: string;
  status: 'PENDING_REGISTRATION' | 'FAILED_REGISTRATION' | 'READY';
  status_message?: string;
  tags: ModelVersionTag[];
  aliases: string[];
}

/** What serving needs from the registry: resolve a served entity to an immutable version. */
export interface ModelVersionResolver {
  /** Throws RESOURCE_DOES_NOT_EXIST when the model or version does not exist. */
  getModelVersion(name: string, version: string): Promise<ModelVersion>;
  /** Registered model id (for permission checks) by name; throws RESOURCE_DOES_NOT_EXIST. */
  getModelId(name: string): Promise<string>;
}

/** The built-in demo model's `source`: serving maps this scheme to the demo provider. */
export const DEMO_MODEL_SOURCE = 'builtin://demo';
