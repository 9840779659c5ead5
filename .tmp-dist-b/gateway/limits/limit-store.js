export {};
//# sourceMappingURL=limit-store.js.map