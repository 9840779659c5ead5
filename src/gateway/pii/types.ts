/**
 * Personal data the masker recognises. The structured types are checked by a validator, not a bare pattern
 * (SEC-PII-3); PERSON and STREET_ADDRESS are best effort (word lists and layout rules, SEC-PII-5).
 */
export type PiiEntityType = 'EMAIL' | 'PHONE' | 'CREDIT_CARD' | 'IBAN' | 'US_SSN' | 'IP_ADDRESS' | 'PERSON' | 'STREET_ADDRESS';

/** Credentials the masker recognises; these are masked even when PII masking is off (SEC-PII-4). */
export type SecretEntityType =
  | 'OPENAI_API_KEY'
  | 'ANTHROPIC_API_KEY'
  | 'AWS_ACCESS_KEY_ID'
  | 'AWS_SECRET_ACCESS_KEY'
  | 'GITHUB_TOKEN'
  | 'SLACK_TOKEN'
  | 'STRIPE_KEY'
  | 'GOOGLE_API_KEY'
  | 'GITLAB_TOKEN'
  | 'HUGGINGFACE_TOKEN'
  | 'CAIRN_TOKEN'
  | 'JWT'
  | 'BEARER_TOKEN'
  | 'URL_PASSWORD'
  | 'PRIVATE_KEY'
  /** Other vendors' keys with a documented prefix (npm, SendGrid, PyPI, DigitalOcean, Shopify, Stripe webhooks). */
  | 'API_KEY'
  /** A long random-looking token with no known prefix (see detect-secrets.ts for the rule). */
  | 'HIGH_ENTROPY_TOKEN'
  /** A value written after a credential-like name (`password=…`, `"api_key": "…"`). */
  | 'SECRET_VALUE';

export type EntityType = PiiEntityType | SecretEntityType;

export type EntityCategory = 'pii' | 'secret';

/**
 * One detected entity: where it is and what it is. The value itself is deliberately absent so a finding can be
 * logged or returned without leaking what it describes (SEC-PII-6); slice the text if you need it.
 */
export interface PiiFinding {
  type: EntityType;
  category: EntityCategory;
  /** UTF-16 offsets into the scanned text, end-exclusive. */
  start: number;
  end: number;
}

export interface PiiOptions {
  /** Detect and mask only secrets (used when PII masking is turned off). */
  secretsOnly?: boolean;
  /** Restrict detection to these types (secrets included only if listed). */
  types?: readonly EntityType[];
  /**
   * Longest text scanned, in UTF-16 code units (default 1 MiB). Longer text is cut: `maskPii` drops the rest and
   * appends a marker, so nothing unscanned is ever returned.
   */
  maxScanLength?: number;
}

export interface MaskedFinding extends PiiFinding {
  /** The placeholder that replaced the entity, e.g. `[EMAIL_1]`. */
  placeholder: string;
}

export interface MaskResult {
  text: string;
  findings: MaskedFinding[];
  /** True when the text was longer than `maxScanLength` and its tail was dropped. */
  truncated: boolean;
}

export interface MaskJsonOptions extends PiiOptions {
  /**
   * Total string length (keys and values) to scan across the whole value. Once exceeded, the remaining strings are
   * replaced by empty strings and `truncated` is set; callers that cap the serialised size use this to avoid
   * scanning text they will cut anyway.
   */
  maxTotalLength?: number;
  /** Deeper subtrees are replaced by a marker string (default 64). */
  maxDepth?: number;
}

export interface MaskJsonResult {
  value: unknown;
  findings: Array<MaskedFinding & { path: Array<string | number> }>;
  truncated: boolean;
}
