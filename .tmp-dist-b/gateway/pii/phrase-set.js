/**
 * A set of short phrases ("my name is", "written by", "can i") matched against the tokens that end (or start) at a
 * position. Phrases are indexed by their anchoring token, so a lookup costs a map access and a few token
 * comparisons, whatever the text.
 */
export class PhraseSet {
    anchor;
    byAnchor = new Map();
    /**
     * `phrases`: tokens separated by spaces, lower case ("name ?", "c / o"). `anchor`: match phrases that end at
     * the given token (cues before something) or start there (words after something).
     */
    constructor(phrases, anchor = 'end') {
        this.anchor = anchor;
        for (const phrase of phrases) {
            const parts = phrase.trim().split(/\s+/).filter((part) => part.length > 0);
            const key = anchor === 'end' ? parts[parts.length - 1] : parts[0];
            if (key === undefined)
                continue;
            const list = this.byAnchor.get(key) ?? [];
            list.push(parts);
            this.byAnchor.set(key, list);
        }
    }
    /** The anchoring token of a phrase, if a phrase ends (or starts) at token `at`. */
    matchAt(tokens, at) {
        const token = tokens[at];
        if (!token)
            return undefined;
        const candidates = this.byAnchor.get(token.lower);
        if (!candidates)
            return undefined;
        return candidates.find((parts) => {
            for (let offset = 1; offset < parts.length; offset += 1) {
                const other = this.anchor === 'end' ? tokens[at - offset] : tokens[at + offset];
                const expected = this.anchor === 'end' ? parts[parts.length - 1 - offset] : parts[offset];
                if (other?.lower !== expected)
                    return false;
            }
            return true;
        });
    }
}
//# sourceMappingURL=phrase-set.js.map