import { usageError } from '../argument-parsers.js';
import { CliError } from '../cli-error.js';
import { clientFrom, print, withClientOptions } from '../client-command.js';
/** `cairn guardrails scan FILE.jsonl`: what the guardrails would do to each line, before switching them on. */
export async function runGuardrailsScan(file, options) {
    if (options.stage !== 'input' && options.stage !== 'output')
        throw usageError(`--stage must be input or output, got "${options.stage}"`);
    const stage = options.stage;
    // Loaded here, not at start-up: the detectors and their models would slow down every other command.
    const scan = await import('../guardrail-scan.js');
    let runner = scan.builtInRunner(stage);
    if (options.endpoint !== undefined) {
        const configured = await scan.endpointRunner(clientFrom(options), options.endpoint, stage);
        for (const note of configured.skipped)
            process.stderr.write(`cairn: skipping ${note}\n`);
        if (configured.runner.isEmpty)
            process.stderr.write(`cairn: endpoint ${options.endpoint} has no ${stage} guardrails; every line is allowed\n`);
        runner = configured.runner;
    }
    const input = scan.openInput(file);
    const opened = new Promise((resolve, reject) => {
        if (file === '-')
            return resolve();
        input.once('open', () => resolve());
        input.once('error', (error) => reject(usageError(`cannot read ${file}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`)));
    });
    await opened;
    if (!options.json)
        print(scan.tableHeader());
    const failed = await scan.scanLines(input, {
        runner,
        stage,
        write: (result) => print(options.json ? JSON.stringify(result) : scan.tableRow(result)),
    });
    if (failed > 0)
        throw new CliError(`${failed} line${failed === 1 ? '' : 's'} could not be scanned (see the error lines above).`);
}
export function registerGuardrailsCommand(program) {
    const guardrails = program.command('guardrails').description('Try guardrails on your own data');
    withClientOptions(guardrails
        .command('scan <file>')
        .description('Run guardrails over a JSONL file of {"text": …} lines ("-" reads standard input) and print one verdict per line: ' +
        'findings with [start, end) offsets, the injection score, the masked text and the combined action. ' +
        "Without --endpoint: the built-in detectors (PII masking, injection flagging, and markdown links on output); with it: that endpoint's configured guardrails.")
        .option('--endpoint <name>', "use this endpoint's configured guardrails (read through the API)")
        .option('--stage <stage>', 'input or output guardrails', 'input')).action(runGuardrailsScan);
}
//# sourceMappingURL=guardrails.js.map