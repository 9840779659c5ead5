export function migrationContext(dialect) {
    return dialect === 'postgres'
        ? { dialect, bigint: 'bigint', double: 'double precision', autoIncrement: { type: 'bigserial', apply: (c) => c } }
        : { dialect, bigint: 'integer', double: 'real', autoIncrement: { type: 'integer', apply: (c) => c.autoIncrement() } };
}
//# sourceMappingURL=migration-context.js.map