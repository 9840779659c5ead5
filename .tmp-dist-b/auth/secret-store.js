import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { CairnError, errors } from '../errors/index.js';
import { deriveSecretKey, loadOrCreateKeyFile } from './secret-key.js';
const IV_BYTES = 12;
const TAG_BYTES = 16;
// The scope and key are bound in as associated data: a ciphertext copied to another row does not decrypt.
function additionalData(scope, key) {
    return Buffer.from(`${scope}\0${key}`, 'utf8');
}
export function encryptSecret(encryptionKey, scope, key, value) {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', encryptionKey, iv);
    cipher.setAAD(additionalData(scope, key));
    const ciphertext = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString('base64');
}
export function decryptSecret(encryptionKey, scope, key, stored) {
    try {
        const bytes = Buffer.from(stored, 'base64');
        const decipher = createDecipheriv('aes-256-gcm', encryptionKey, bytes.subarray(0, IV_BYTES));
        decipher.setAAD(additionalData(scope, key));
        decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
        return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
    }
    catch {
        // No detail: the cause is a wrong key or a tampered row, and neither should echo ciphertext anywhere.
        throw new CairnError('INTERNAL_ERROR', `Secret ${scope}/${key} cannot be decrypted with the current secret key.`);
    }
}
/** Secrets encrypted at rest with AES-256-GCM; the key comes from config or `<data_dir>/secret.key`. */
export function createSecretStore(options) {
    const { db, changeFeed } = options;
    const now = options.now ?? Date.now;
    const encryptionKey = options.secretKey ? deriveSecretKey(options.secretKey) : loadOrCreateKeyFile(options.dataDir);
    const notFound = (scope, key) => errors.notFound(`Secret ${key} does not exist in scope ${scope}.`);
    const scopeNotFound = (scope) => errors.notFound(`Secret scope ${scope} does not exist.`);
    const publish = async (key) => {
        await changeFeed?.publish('secrets', key);
    };
    async function hasScope(scope) {
        return (await db.selectFrom('secret_scopes').select('name').where('name', '=', scope).executeTakeFirst()) !== undefined;
    }
    async function ensureScope(scope) {
        const result = await db
            .insertInto('secret_scopes')
            .values({ name: scope, created_at: now() })
            .onConflict((conflict) => conflict.column('name').doNothing())
            .executeTakeFirst();
        return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
    }
    return {
        async put(scope, key, value) {
            await ensureScope(scope);
            const at = now();
            const ciphertext = encryptSecret(encryptionKey, scope, key, value);
            await db
                .insertInto('secrets')
                .values({ scope, key, ciphertext, created_at: at, updated_at: at })
                .onConflict((conflict) => conflict.columns(['scope', 'key']).doUpdateSet({ ciphertext, updated_at: at }))
                .execute();
            await publish(`${scope}/${key}`);
        },
        async get(scope, key) {
            const row = await db.selectFrom('secrets').select('ciphertext').where('scope', '=', scope).where('key', '=', key).executeTakeFirst();
            if (!row)
                throw notFound(scope, key);
            return decryptSecret(encryptionKey, scope, key, row.ciphertext);
        },
        async delete(scope, key) {
            const result = await db.deleteFrom('secrets').where('scope', '=', scope).where('key', '=', key).executeTakeFirst();
            if (Number(result.numDeletedRows) === 0)
                throw notFound(scope, key);
            await publish(`${scope}/${key}`);
        },
        async list(scope) {
            if (!(await hasScope(scope)))
                throw scopeNotFound(scope);
            const rows = await db.selectFrom('secrets').select(['key', 'updated_at']).where('scope', '=', scope).orderBy('key').execute();
            return rows.map((row) => ({ key: row.key, last_updated_timestamp: Number(row.updated_at) }));
        },
        async createScope(scope) {
            if (!(await ensureScope(scope)))
                throw errors.alreadyExists(`Secret scope ${scope} already exists.`);
            await publish(scope);
        },
        async deleteScope(scope) {
            const deleted = await db.transaction().execute(async (trx) => {
                await trx.deleteFrom('secrets').where('scope', '=', scope).execute();
                const result = await trx.deleteFrom('secret_scopes').where('name', '=', scope).executeTakeFirst();
                return Number(result.numDeletedRows) > 0;
            });
            if (!deleted)
                throw scopeNotFound(scope);
            await publish(scope);
        },
        async listScopes() {
            const rows = await db.selectFrom('secret_scopes').select('name').orderBy('name').execute();
            return rows.map((row) => row.name);
        },
        hasScope,
    };
}
//# sourceMappingURL=secret-store.js.map