/**
 * Offset map: anchors where the normalised-to-original offset changes. Between a `linear` anchor and the next one,
 * offsets advance one for one; a `block` anchor maps every position up to the next anchor to one original span.
 */
export class OffsetMap {
    normalized = [];
    original = [];
    /** -1 for a linear anchor, else the end of the original span. */
    originalEnd = [];
    linear(normalizedAt, originalAt) {
        this.push(normalizedAt, originalAt, -1);
    }
    block(normalizedAt, originalStart, originalEnd) {
        this.push(normalizedAt, originalStart, originalEnd);
    }
    push(normalizedAt, originalAt, originalEnd) {
        const last = this.normalized.length - 1;
        // A later anchor at the same position supersedes the earlier one (an empty cluster maps nothing).
        if (last >= 0 && this.normalized[last] === normalizedAt) {
            this.original[last] = originalAt;
            this.originalEnd[last] = originalEnd;
            return;
        }
        this.normalized.push(normalizedAt);
        this.original.push(originalAt);
        this.originalEnd.push(originalEnd);
    }
    anchorAt(position) {
        let low = 0;
        let high = this.normalized.length - 1;
        while (low < high) {
            const middle = (low + high + 1) >> 1;
            if ((this.normalized[middle] ?? 0) <= position)
                low = middle;
            else
                high = middle - 1;
        }
        return low;
    }
    startOf(position) {
        const anchor = this.anchorAt(position);
        const end = this.originalEnd[anchor] ?? -1;
        const original = this.original[anchor] ?? 0;
        return end >= 0 ? original : original + position - (this.normalized[anchor] ?? 0);
    }
    endOf(position) {
        const anchor = this.anchorAt(position);
        const end = this.originalEnd[anchor] ?? -1;
        return end >= 0 ? end : (this.original[anchor] ?? 0) + position - (this.normalized[anchor] ?? 0) + 1;
    }
}
//# sourceMappingURL=offset-map.js.map