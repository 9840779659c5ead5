/** `redis://user:secret@host:6379/0` → `redis://user:***@host:6379/0`, for logs and error messages. */
export function redactRedisUrl(url) {
    try {
        const parsed = new URL(url);
        if (parsed.password !== '')
            parsed.password = '***';
        return parsed.toString();
    }
    catch {
        // Not a URL we can parse: say nothing about it rather than risk echoing a password.
        return '<unparseable redis url>';
    }
}
/** Removes a password from a message that might echo it (driver errors sometimes quote their arguments). */
export function redactSecret(message, secret) {
    if (secret === undefined || secret === '')
        return message;
    return message.split(secret).join('***');
}
//# sourceMappingURL=redact-url.js.map