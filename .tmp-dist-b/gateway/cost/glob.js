export function compileGlob(pattern) {
    const lower = pattern.toLowerCase();
    const segments = lower.split('*');
    let literalCount = 0;
    for (let i = 0; i < lower.length; i++) {
        const c = lower.charCodeAt(i);
        if (c !== STAR && c !== QUESTION)
            literalCount++;
    }
    if (segments.length === 1) {
        return { pattern, literalCount, matches: (name) => name.length === lower.length && segmentAt(name, 0, lower) };
    }
    const head = segments[0];
    const tail = segments[segments.length - 1];
    const middle = segments.slice(1, -1).filter((segment) => segment.length > 0);
    const minimumLength = head.length + tail.length + middle.reduce((sum, segment) => sum + segment.length, 0);
    return {
        pattern,
        literalCount,
        matches(name) {
            if (name.length < minimumLength)
                return false;
            if (!segmentAt(name, 0, head))
                return false;
            const tailStart = name.length - tail.length;
            if (!segmentAt(name, tailStart, tail))
                return false;
            let cursor = head.length;
            for (const segment of middle) {
                const found = indexOfSegment(name, segment, cursor, tailStart);
                if (found < 0)
                    return false;
                cursor = found + segment.length;
            }
            return true;
        },
    };
}
const STAR = 42;
const QUESTION = 63;
/** Whether `segment` (with `?` wildcards) matches `name` at `position`. */
function segmentAt(name, position, segment) {
    for (let i = 0; i < segment.length; i++) {
        const expected = segment.charCodeAt(i);
        if (expected !== QUESTION && expected !== name.charCodeAt(position + i))
            return false;
    }
    return true;
}
/** Leftmost position ≥ from where `segment` matches and ends at or before `end`, or -1. */
function indexOfSegment(name, segment, from, end) {
    for (let position = from; position + segment.length <= end; position++) {
        if (segmentAt(name, position, segment))
            return position;
    }
    return -1;
}
//# sourceMappingURL=glob.js.map