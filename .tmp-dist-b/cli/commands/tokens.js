import { segment } from '../api-client.js';
import { parseInteger } from '../argument-parsers.js';
import { clientFrom, printResult, withClientOptions } from '../client-command.js';
import { asArray, asRecord, asText, formatExpiry, formatKeyValues, formatTable, formatTime } from '../output.js';
/** The create answer: the value once, with a reminder that it cannot be shown again. */
export function createdTokenText(result) {
    const info = asRecord(result.token_info);
    return [
        formatKeyValues([
            ['token id', asText(info.token_id)],
            ['owner', asText(info.owner_id)],
            ['comment', asText(info.comment)],
            ['created', formatTime(info.creation_time)],
            ['expires', formatExpiry(info.expiry_time)],
        ]),
        '',
        'Token value (shown only this once; store it now):',
        `  ${asText(result.token_value) ?? ''}`,
    ].join('\n');
}
export function tokensTable(infos, withOwner) {
    if (infos.length === 0)
        return 'No tokens.';
    const headers = ['token id', ...(withOwner ? ['owner', 'created by'] : []), 'comment', 'created', 'expires'];
    return formatTable(headers, infos.map((info) => [
        asText(info.token_id),
        ...(withOwner ? [asText(info.owner_id), asText(info.created_by_username) ?? asText(info.created_by_id)] : []),
        asText(info.comment),
        formatTime(info.creation_time),
        formatExpiry(info.expiry_time),
    ]));
}
function creationBody(options) {
    return {
        comment: options.comment,
        lifetime_seconds: options.lifetimeSeconds === undefined ? undefined : parseInteger(options.lifetimeSeconds, '--lifetime-seconds', 1),
    };
}
export function registerTokensCommand(program) {
    const tokens = program.command('tokens').description('API tokens: yours, and (admins) tokens for service principals');
    withClientOptions(tokens
        .command('create')
        .description('Create a token for yourself; its value is printed once')
        .option('--comment <text>', 'what the token is for')
        .option('--lifetime-seconds <n>', 'expire after this many seconds (default: never)')).action(async (options) => {
        const result = await clientFrom(options).post('/api/2.0/token/create', creationBody(options));
        printResult(options, result, () => createdTokenText(result));
    });
    withClientOptions(tokens
        .command('create-for <application-id>')
        .description("Admin: create a token for a service principal (by its application id), e.g. an application's query-only token")
        .option('--comment <text>', 'what the token is for')
        .option('--lifetime-seconds <n>', 'expire after this many seconds (default: never)')).action(async (applicationId, options) => {
        const result = await clientFrom(options).post('/api/2.0/token-management/on-behalf-of/tokens', {
            application_id: applicationId,
            ...creationBody(options),
        });
        printResult(options, result, () => createdTokenText(result));
    });
    withClientOptions(tokens
        .command('list')
        .description('List your live tokens (values are never shown)')
        .option('--all', "admin: every principal's tokens")).action(async (options) => {
        const result = await clientFrom(options).get(options.all ? '/api/2.0/token-management/tokens' : '/api/2.0/token/list');
        printResult(options, result, () => tokensTable(asArray(result.token_infos), options.all === true));
    });
    withClientOptions(tokens
        .command('revoke <token-id>')
        .description('Revoke one of your tokens; it stops working at once')
        .option('--any', "admin: revoke any principal's token")).action(async (tokenId, options) => {
        const client = clientFrom(options);
        const result = options.any
            ? await client.delete(`/api/2.0/token-management/tokens/${segment(tokenId)}`)
            : await client.post('/api/2.0/token/delete', { token_id: tokenId });
        printResult(options, result, () => `Revoked token ${tokenId}.`);
    });
}
//# sourceMappingURL=tokens.js.map