/** Replacing spans of a text, and finding which spans a position falls in: the link scanner's bookkeeping. */
/** Disjoint sorted spans, for overlap queries made in non-decreasing order of start: linear overall. */
export class SpanIndex {
    spans = [];
    cursor = 0;
    constructor(spans) {
        spans.sort((a, b) => a[0] - b[0]);
        for (const [start, end] of spans) {
            const last = this.spans[this.spans.length - 1];
            if (last && start < last[1])
                last[1] = Math.max(last[1], end);
            else
                this.spans.push([start, end]);
        }
    }
    overlaps(start, end) {
        while (this.cursor < this.spans.length && this.spans[this.cursor][1] <= start)
            this.cursor++;
        const next = this.spans[this.cursor];
        return next !== undefined && next[0] < end;
    }
    /** End of the span covering `position`, or −1. */
    coveringEnd(position) {
        return this.overlaps(position, position + 1) ? this.spans[this.cursor][1] : -1;
    }
}
/** Applies edits (overlapping ones merged: the union goes, with the first one's replacement). */
export function applyEdits(text, edits) {
    if (edits.length === 0)
        return text;
    const sorted = [...edits].sort((a, b) => a.start - b.start || b.end - a.end);
    const parts = [];
    let cursor = 0;
    let current = { ...sorted[0] };
    const flush = () => {
        parts.push(text.slice(cursor, current.start), current.replacement);
        cursor = current.end;
    };
    for (let index = 1; index < sorted.length; index++) {
        const edit = sorted[index];
        if (edit.start < current.end) {
            current.end = Math.max(current.end, edit.end);
        }
        else {
            flush();
            current = { ...edit };
        }
    }
    flush();
    parts.push(text.slice(cursor));
    return parts.join('');
}
//# sourceMappingURL=text-edits.js.map