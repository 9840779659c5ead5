/** Deterministic randomness for the embedding tests (mulberry32), so a seed reproduces a verdict exactly. */
export function seededRandom(seed) {
    let state = seed >>> 0;
    return () => {
        state = (state + 0x6d2b79f5) >>> 0;
        let t = state;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}
/** Fisher–Yates shuffle in place. */
export function shuffle(items, random) {
    for (let i = items.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [items[i], items[j]] = [items[j], items[i]];
    }
    return items;
}
/** `count` items drawn without replacement (all of them, in order, when there are no more than `count`). */
export function subsample(items, count, random) {
    if (items.length <= count)
        return [...items];
    const indexes = Array.from(items, (_, index) => index);
    for (let i = 0; i < count; i++) {
        const j = i + Math.floor(random() * (indexes.length - i));
        [indexes[i], indexes[j]] = [indexes[j], indexes[i]];
    }
    return indexes.slice(0, count).sort((a, b) => a - b).map((index) => items[index]);
}
//# sourceMappingURL=seeded-random.js.map