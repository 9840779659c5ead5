export function inputSegments(call) {
    const segments = [];
    const writers = [];
    const add = (source, text, index, write) => {
        segments.push({ source, text, index });
        writers.push(write);
    };
    const input = call.input;
    if (input?.kind === 'chat') {
        input.messages.forEach((message, messageIndex) => addMessage(message, messageIndex, add));
    }
    else if (input?.kind === 'completion') {
        add('prompt', input.prompt, 0, (text) => {
            input.prompt = text;
        });
    }
    call.prompts?.forEach((prompt, index) => {
        const prompts = call.prompts;
        add('prompt', prompt, index, (text) => {
            prompts[index] = text;
        });
    });
    call.embedInput?.forEach((text, index) => {
        const inputs = call.embedInput;
        add('prompt', text, index, (masked) => {
            inputs[index] = masked;
        });
    });
    return { segments, write: (index, text) => writers[index]?.(text) };
}
function addMessage(message, messageIndex, add) {
    const content = message.content;
    if (typeof content === 'string') {
        add(message.role, content, messageIndex, (text) => {
            message.content = text;
        });
    }
    else if (Array.isArray(content)) {
        for (const part of content) {
            if (part.type === 'text' && typeof part.text === 'string') {
                add(message.role, part.text, messageIndex, (text) => {
                    part.text = text;
                });
            }
        }
    }
    // Tool-call arguments are user-influenced text too (SEC-AG-1 asks they pass through masking).
    for (const toolCall of message.tool_calls ?? []) {
        add(message.role, toolCall.function.arguments, messageIndex, (text) => {
            toolCall.function.arguments = text;
        });
    }
}
/** The choices of a finished generation, one segment each. */
export function outputSegments(result) {
    return result.choices.map((choice) => ({ source: 'completion', text: choice.text, index: choice.index }));
}
//# sourceMappingURL=call-segments.js.map