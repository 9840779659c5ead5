export {};
//# sourceMappingURL=auth-context.js.map