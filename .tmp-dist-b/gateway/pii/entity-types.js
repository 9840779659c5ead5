/*
 * The entity types as values, for configuration checks and for callers that must add every secret type to a
 * restricted list (secrets are always masked, SEC-PII-4). Written as records so the compiler flags a type added to
 * the unions in types.ts but not here.
 */
const piiTypes = {
    EMAIL: true,
    PHONE: true,
    CREDIT_CARD: true,
    IBAN: true,
    US_SSN: true,
    IP_ADDRESS: true,
    PERSON: true,
    STREET_ADDRESS: true,
};
const secretTypes = {
    OPENAI_API_KEY: true,
    ANTHROPIC_API_KEY: true,
    AWS_ACCESS_KEY_ID: true,
    AWS_SECRET_ACCESS_KEY: true,
    GITHUB_TOKEN: true,
    SLACK_TOKEN: true,
    STRIPE_KEY: true,
    GOOGLE_API_KEY: true,
    GITLAB_TOKEN: true,
    HUGGINGFACE_TOKEN: true,
    CAIRN_TOKEN: true,
    JWT: true,
    BEARER_TOKEN: true,
    URL_PASSWORD: true,
    PRIVATE_KEY: true,
    API_KEY: true,
    HIGH_ENTROPY_TOKEN: true,
    SECRET_VALUE: true,
};
export const PII_ENTITY_TYPES = Object.keys(piiTypes);
export const SECRET_ENTITY_TYPES = Object.keys(secretTypes);
export function entityCategory(type) {
    return type in secretTypes ? 'secret' : 'pii';
}
//# sourceMappingURL=entity-types.js.map