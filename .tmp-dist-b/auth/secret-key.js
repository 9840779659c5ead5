import { hkdfSync, randomBytes } from 'node:crypto';
import { chmodSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
export const SECRET_KEY_FILE = 'secret.key';
/** 32 bytes from a configured passphrase; HKDF so the passphrase's own encoding never is the key. */
export function deriveSecretKey(secretKey) {
    return Buffer.from(hkdfSync('sha256', Buffer.from(secretKey, 'utf8'), 'cairn', 'cairn secrets aes-256-gcm v1', 32));
}
function readKeyFile(file) {
    const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
    if (key.length !== 32)
        throw new Error(`${file} does not hold a base64 32-byte key; restore it or set CAIRN_SECRET_KEY`);
    return key;
}
/**
 * Reads `<dataDir>/secret.key`, creating it (32 random bytes, mode 0600) on first use. Creation writes a
 * private temporary file and hard-links it into place, so two processes starting together agree on one key.
 */
export function loadOrCreateKeyFile(dataDir) {
    const file = path.join(dataDir, SECRET_KEY_FILE);
    try {
        return readKeyFile(file);
    }
    catch (error) {
        if (error.code !== 'ENOENT')
            throw error;
    }
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    writeFileSync(temporary, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    chmodSync(temporary, 0o600); // the umask can only remove bits, but be explicit
    try {
        linkSync(temporary, file);
    }
    catch (error) {
        if (error.code !== 'EEXIST')
            throw error;
    }
    finally {
        unlinkSync(temporary);
    }
    return readKeyFile(file);
}
//# sourceMappingURL=secret-key.js.map