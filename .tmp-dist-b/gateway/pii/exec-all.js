/**
 * `String.prototype.matchAll` without its per-call clone of the regex, which dominates the cost on the short
 * strings of a JSON body. The regex must have the `g` flag and must not be iterated by two loops at once.
 */
export function* execAll(regex, text) {
    regex.lastIndex = 0;
    for (let match = regex.exec(text); match; match = regex.exec(text)) {
        if (match[0].length === 0)
            regex.lastIndex += 1;
        yield match;
    }
}
//# sourceMappingURL=exec-all.js.map