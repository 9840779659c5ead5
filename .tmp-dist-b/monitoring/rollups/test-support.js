let sequence = 0;
/** A finished call as the pipeline hands it to observers; fields not given are those of a quick successful chat. */
export function observation(fields = {}) {
    const { authorised = true, ...record } = fields;
    sequence++;
    return {
        record: {
            request_id: `req-${sequence}`,
            client_request_id: null,
            trace_id: null,
            request_time: 0,
            endpoint_name: 'ep',
            config_version: 1,
            served_entity_id: 'a',
            served_entity_name: 'a',
            model_name: 'demo',
            model_version: '1',
            requester: 'user',
            status_code: 200,
            error_code: null,
            execution_duration_ms: 100,
            ttft_ms: null,
            overhead_ms: 1,
            input_tokens: 10,
            output_tokens: 5,
            stream: false,
            request: {},
            response: {},
            logging_error_codes: [],
            cost_usd: null,
            guardrail_results: null,
            ...record,
        },
        captured: true,
        operation: 'chat',
        provider: 'demo',
        authorised,
        traceparent: null,
    };
}
//# sourceMappingURL=test-support.js.map