/** MLflow REST shapes (field names as MLflow sends them; versions are strings, timestamps integer ms). */
export interface ModelVersionTag {
  key: string;
  value: string;
}

export interface RegisteredModelTag {
  key: string;
  value: string;
}

export interface RegisteredModelAlias {
  alias: string;
  version: string;
}

export type Stage = 'None' | 'Staging' | 'Production' | 'Archived';

export const stages: readonly Stage[] = ['None', 'Staging', 'Production', 'Archived'];

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

export interface RegisteredModel {
  /** Cairn's id (as Databricks' `registered_model_databricks.id`): the object id for permissions. */
  id: string;
  name: string;
  creation_timestamp: number;
  last_updated_timestamp: number;
  user_id?: string;
  description: string;
  /** The highest version in each stage that has one. */
  latest_versions: ModelVersion[];
  tags: RegisteredModelTag[];
  aliases: RegisteredModelAlias[];
}

/** One page of a search; `next_page_token` is absent on the last page. */
export interface SearchPage<T> {
  items: T[];
  next_page_token?: string;
}

/** Parameters of both MLflow search APIs, as they arrive (max_results may be a query-string string). */
export interface SearchRequest {
  filter?: string;
  max_results?: number | string;
  order_by?: string[];
  page_token?: string;
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
