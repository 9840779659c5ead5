/** Identity function that keeps the three schema types tied to the handler's context. */
export function defineRoute(route) {
    return route;
}
//# sourceMappingURL=route.js.map