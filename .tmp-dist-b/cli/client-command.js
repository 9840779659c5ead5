import { ApiClient, resolveClientSettings } from './api-client.js';
import { formatJson } from './output.js';
/** Adds `--json`, `--host` and `--token` after the command's own options (so they list last in help). */
export function withClientOptions(command) {
    return command
        .option('--json', 'print the raw JSON response (for scripts)')
        .option('--host <url>', `Cairn server (env CAIRN_HOST, default http://127.0.0.1:8080)`)
        .option('--token <token>', 'API token (env CAIRN_TOKEN; prefer the variable: flags show in the process list)');
}
export function clientFrom(options) {
    return new ApiClient(resolveClientSettings({ host: options.host, token: options.token }));
}
export function print(text) {
    if (text !== '')
        process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}
/** `--json` prints the server's answer unchanged; otherwise the human rendering. */
export function printResult(options, raw, human) {
    print(options.json ? formatJson(raw) : human());
}
//# sourceMappingURL=client-command.js.map