export function newCallState() {
    return {
        endpointId: null,
        statusCode: 200, errorCode: null, response: undefined, usage: undefined, ttftMs: null,
        loggingErrorCodes: [], served: undefined, configVersion: null, warnings: [],
        policy: undefined, verdicts: [], admission: undefined, costUsd: null, attempts: [],
    };
}
//# sourceMappingURL=invocation.js.map