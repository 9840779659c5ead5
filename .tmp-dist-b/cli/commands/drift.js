import { print } from '../client-command.js';
import { formatJson } from '../output.js';
function collect(value, previous) {
    return [...previous, value];
}
/** `cairn drift compare REFERENCE.jsonl CURRENT.jsonl`: exit 0 whether or not drift is found; 2 on bad input. */
export async function runDriftCompare(reference, current, flags) {
    // Loaded here, not at start-up: the descriptors (language detection, toxicity model) would slow down every command.
    const drift = await import('../drift-compare.js');
    const comparison = await drift.compareFiles(reference, current, flags);
    print(flags.json ? formatJson(comparison.report) : drift.formatDriftReport(comparison));
}
export function registerDriftCommand(program) {
    const drift = program.command('drift').description('Data drift between two datasets, offline');
    drift
        .command('compare <reference> <current>')
        .description('Compare two JSONL files of rows (one JSON object per line), column by column: the test used, the statistic, the p-value where there is one, ' +
        'the threshold and the verdict, then the share of drifted columns. Free-text string columns are compared through their text descriptors. ' +
        'Exit code 0 whether or not drift is found (read the verdict or --json); 2 on bad input.')
        .option('--columns <names>', 'only these columns (comma-separated)')
        .option('--stattest <col=test,...>', `force a test per column (or a bare test for all): ks, chisquare, z, wasserstein, jensenshannon, psi`, collect, [])
        .option('--threshold <col=x,...>', 'threshold per column (or a bare number for all)', collect, [])
        .option('--json', 'print the DriftReport as JSON')
        .action(runDriftCompare);
}
//# sourceMappingURL=drift.js.map