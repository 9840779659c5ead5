export {};
//# sourceMappingURL=http-request.js.map