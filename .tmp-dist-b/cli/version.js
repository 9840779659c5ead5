import { readFileSync } from 'node:fs';
/**
 * The package version, read here rather than from `app.ts` so that client commands do not load the
 * server (fastify, storage drivers, providers) just to print `--version`. `src/cli/` and `dist/cli/`
 * both sit two levels below package.json.
 */
export const cliVersion = (() => {
    try {
        const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
        return pkg.version ?? '0.0.0';
    }
    catch {
        return '0.0.0';
    }
})();
//# sourceMappingURL=version.js.map