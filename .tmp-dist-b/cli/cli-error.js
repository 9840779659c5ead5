/** An error the CLI reports as one line on stderr with a non-zero exit code. */
export class CliError extends Error {
    exitCode;
    name = 'CliError';
    constructor(message, exitCode = 1) {
        super(message);
        this.exitCode = exitCode;
    }
}
//# sourceMappingURL=cli-error.js.map