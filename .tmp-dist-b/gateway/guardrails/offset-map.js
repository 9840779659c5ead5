/**
 * Maps offsets in a masked text back to the text before masking. Guardrails run one after another and a later one
 * sees the earlier ones' masks (`[EMAIL_1]` instead of the address); its findings are translated back so that every
 * stored finding points into the text the caller sent.
 *
 * Built from the masking verdict's findings (the spans it replaced, in the text it was given): the text between
 * them is unchanged, so it can be located in the masked text — exactly when a finding names its replacement (the
 * PII guardrail puts the placeholder in `detail`), else by searching for the next unchanged stretch. Without usable
 * spans, the common prefix and suffix give one changed region. A position inside a replaced region maps to that
 * whole region.
 */
function mergedSpans(spans, length) {
    const sorted = spans.filter(([start, end]) => start >= 0 && end <= length && start < end).sort((a, b) => a[0] - b[0]);
    const merged = [];
    for (const [start, end, replacement] of sorted) {
        const last = merged[merged.length - 1];
        // Touching spans merge too: nothing unchanged between them marks where one replacement ends.
        if (last && start <= last[1]) {
            last[1] = Math.max(last[1], end);
            last[2] = undefined;
        }
        else {
            merged.push([start, end, replacement]);
        }
    }
    return merged.length > 0 ? merged : undefined;
}
function piecesFromSpans(before, after, spans) {
    const pieces = [];
    let afterPosition = 0;
    let beforePosition = 0;
    for (let index = 0; index < spans.length; index++) {
        const [start, end, replacement] = spans[index];
        const gap = before.slice(beforePosition, start);
        if (!after.startsWith(gap, afterPosition))
            return undefined;
        if (gap.length > 0)
            pieces.push({ after: afterPosition, before: beforePosition, kind: 'same', beforeLength: gap.length });
        afterPosition += gap.length;
        const nextStart = spans[index + 1]?.[0] ?? before.length;
        const following = before.slice(end, nextStart);
        let replacementEnd;
        if (replacement !== undefined && after.startsWith(replacement, afterPosition) && after.startsWith(following, afterPosition + replacement.length)) {
            replacementEnd = afterPosition + replacement.length;
        }
        else if (index === spans.length - 1) {
            replacementEnd = after.length - following.length;
            if (replacementEnd < afterPosition || !after.endsWith(following))
                return undefined;
        }
        else {
            replacementEnd = after.indexOf(following, afterPosition);
            if (replacementEnd === -1)
                return undefined;
        }
        pieces.push({ after: afterPosition, before: start, kind: 'replaced', beforeLength: end - start });
        afterPosition = replacementEnd;
        beforePosition = end;
    }
    const rest = before.length - beforePosition;
    if (rest > 0)
        pieces.push({ after: afterPosition, before: beforePosition, kind: 'same', beforeLength: rest });
    return pieces;
}
function piecesFromEnds(before, after) {
    let prefix = 0;
    const shorter = Math.min(before.length, after.length);
    while (prefix < shorter && before.charCodeAt(prefix) === after.charCodeAt(prefix))
        prefix++;
    let suffix = 0;
    while (suffix < shorter - prefix && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix))
        suffix++;
    const pieces = [];
    if (prefix > 0)
        pieces.push({ after: 0, before: 0, kind: 'same', beforeLength: prefix });
    pieces.push({ after: prefix, before: prefix, kind: 'replaced', beforeLength: before.length - prefix - suffix });
    if (suffix > 0)
        pieces.push({ after: after.length - suffix, before: before.length - suffix, kind: 'same', beforeLength: suffix });
    return pieces;
}
export function createOffsetMap(before, after, spans) {
    const merged = mergedSpans(spans, before.length);
    const pieces = (merged && piecesFromSpans(before, after, merged)) ?? piecesFromEnds(before, after);
    function pieceAt(position) {
        let low = 0;
        let high = pieces.length - 1;
        while (low < high) {
            const middle = (low + high + 1) >> 1;
            if (pieces[middle].after <= position)
                low = middle;
            else
                high = middle - 1;
        }
        return pieces[low];
    }
    function map(position, edge) {
        if (pieces.length === 0)
            return Math.min(position, before.length);
        // An end offset belongs to the character before it.
        const piece = pieceAt(edge === 'end' && position > 0 ? position - 1 : position);
        if (piece.kind === 'replaced')
            return edge === 'start' ? piece.before : piece.before + piece.beforeLength;
        return Math.min(piece.before + piece.beforeLength, Math.max(piece.before, piece.before + (position - piece.after)));
    }
    return {
        toBefore(start, end) {
            const mappedStart = map(start, 'start');
            return { start: mappedStart, end: Math.max(mappedStart, end > start ? map(end, 'end') : mappedStart) };
        },
    };
}
//# sourceMappingURL=offset-map.js.map