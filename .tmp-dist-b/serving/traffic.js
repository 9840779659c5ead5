/**
 * Picks a served entity by traffic percentage. Pure: `random` in [0, 1) is injected so picks are exact
 * in tests and sticky when derived from a hash of a client key.
 */
export function pickRoute(routes, random) {
    const point = random * 100;
    let cumulative = 0;
    let last;
    for (const route of routes) {
        if (route.traffic_percentage <= 0)
            continue;
        cumulative += route.traffic_percentage;
        last = route.served_model_name;
        if (point < cumulative)
            return route.served_model_name;
    }
    if (last === undefined)
        throw new Error('no route with traffic');
    return last;
}
/** Maps a string (e.g. a client key) to a stable number in [0, 1), for sticky routing. */
export function stableFraction(key) {
    let hash = 0x811c9dc5;
    for (let index = 0; index < key.length; index++) {
        hash ^= key.charCodeAt(index);
        hash = Math.imul(hash, 0x01000193) >>> 0;
    }
    return hash / 0x1_0000_0000;
}
//# sourceMappingURL=traffic.js.map