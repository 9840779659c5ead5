function isMissing(value) {
    return value === null || value === undefined || (typeof value === 'number' && !Number.isFinite(value));
}
/** numerical when every present value is a number, embedding when they are arrays, categorical otherwise. */
export function inferColumnType(reference, current, column) {
    let sawNumber = false;
    let sawArray = false;
    for (const rows of [reference, current]) {
        for (const row of rows) {
            const value = row[column];
            if (isMissing(value))
                continue;
            if (typeof value === 'number')
                sawNumber = true;
            else if (Array.isArray(value))
                sawArray = true;
            else
                return 'categorical';
        }
    }
    if (sawArray && !sawNumber)
        return 'embedding';
    return sawArray ? 'categorical' : 'numerical';
}
export function numericColumn(reference, current, column) {
    let ignored = 0;
    const extract = (rows) => {
        const values = new Float64Array(rows.length);
        let count = 0;
        for (const row of rows) {
            const value = row[column];
            if (typeof value === 'number' && Number.isFinite(value))
                values[count++] = value;
            else if (!isMissing(value))
                ignored++;
        }
        return values.subarray(0, count);
    };
    return { kind: 'numbers', reference: extract(reference), current: extract(current), ignored };
}
export function categoricalColumn(reference, current, column) {
    let ignored = 0;
    const keys = [];
    const seen = new Set();
    const count = (rows) => {
        const counts = new Map();
        let size = 0;
        for (const row of rows) {
            const value = row[column];
            if (isMissing(value))
                continue;
            if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
                ignored++;
                continue;
            }
            counts.set(value, (counts.get(value) ?? 0) + 1);
            size++;
            if (!seen.has(value)) {
                seen.add(value);
                keys.push(value);
            }
        }
        return [counts, size];
    };
    const [referenceCounts, referenceSize] = count(reference);
    const [currentCounts, currentSize] = count(current);
    return { kind: 'categories', keys, referenceCounts, currentCounts, referenceSize, currentSize, ignored };
}
/** The counts of a numerical column's values, for the tests that bin by value. */
export function countNumbers(reference, current) {
    const keys = [];
    const seen = new Set();
    const tally = (values) => {
        const counts = new Map();
        for (const value of values) {
            if (!seen.has(value)) {
                seen.add(value);
                keys.push(value);
            }
            counts.set(value, (counts.get(value) ?? 0) + 1);
        }
        return counts;
    };
    const referenceCounts = tally(reference);
    const currentCounts = tally(current);
    return { kind: 'categories', keys, referenceCounts, currentCounts, referenceSize: reference.length, currentSize: current.length, ignored: 0 };
}
/** Distinct values across the given arrays, counting no further than `cap` (enough to apply a "> cap" rule). */
export function countDistinct(arrays, cap) {
    const seen = new Set();
    for (const values of arrays) {
        for (const value of values) {
            seen.add(value);
            if (seen.size > cap)
                return seen.size;
        }
    }
    return seen.size;
}
export function embeddingColumn(reference, current, column) {
    let ignored = 0;
    const extract = (rows) => {
        const vectors = [];
        for (const row of rows) {
            const value = row[column];
            if (isMissing(value))
                continue;
            if (Array.isArray(value) && value.every((item) => typeof item === 'number'))
                vectors.push(value);
            else
                ignored++;
        }
        return vectors;
    };
    return { kind: 'vectors', reference: extract(reference), current: extract(current), ignored };
}
//# sourceMappingURL=column-values.js.map