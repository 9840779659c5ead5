import { estimateTokens } from './estimate-tokens.js';
import { countInputTokens, countTextTokens } from './count-tokens.js';
/**
 * Counts one call's output as it streams. Deltas are appended to per-choice (and per-tool-call) strings —
 * V8 concatenates into ropes, so this is amortised O(delta) — and estimated one by one for the running
 * figure; the tokenizer runs once over each assembled string when the exact count is asked for, since
 * tokenizing per delta would cost O(n²) and split tokens at delta boundaries.
 */
export function createStreamUsageCounter(input, tools) {
    const choiceTexts = [];
    /** Tool-call name and arguments per `${choice}:${toolCall}`. */
    const toolCallTexts = new Map();
    let runningEstimate = 0;
    let exactOutput;
    let exactInput;
    let reportedUsage;
    let sawOutput = false;
    function addText(text, index) {
        if (text.length === 0)
            return;
        choiceTexts[index] = (choiceTexts[index] ?? '') + text;
        runningEstimate += estimateTokens(text);
        exactOutput = undefined;
        sawOutput = true;
    }
    function addToolCallText(text, key) {
        if (text.length === 0)
            return;
        toolCallTexts.set(key, (toolCallTexts.get(key) ?? '') + text);
        runningEstimate += estimateTokens(text);
        exactOutput = undefined;
        sawOutput = true;
    }
    function countOutputTokens() {
        if (exactOutput === undefined) {
            let total = 0;
            for (const text of choiceTexts)
                if (text !== undefined)
                    total += countTextTokens(text);
            for (const text of toolCallTexts.values())
                total += countTextTokens(text);
            exactOutput = total;
        }
        return exactOutput;
    }
    function promptTokens() {
        exactInput ??= countInputTokens(input, tools);
        return exactInput;
    }
    return {
        observe(part) {
            switch (part.type) {
                case 'text-delta':
                    addText(part.text, part.index);
                    break;
                case 'tool-call-delta': {
                    const key = `${part.index}:${part.toolCallIndex}`;
                    if (part.name !== undefined)
                        addToolCallText(part.name, key);
                    addToolCallText(part.argumentsDelta, key);
                    break;
                }
                case 'usage':
                    reportedUsage = part.usage;
                    break;
                default:
                    break;
            }
        },
        addOutput(text, index = 0) {
            addText(text, index);
        },
        get estimatedOutputTokens() {
            return runningEstimate;
        },
        countOutputTokens,
        usage(providerUsage) {
            const reported = providerUsage ?? reportedUsage;
            if (reported === undefined)
                return { inputTokens: promptTokens(), outputTokens: countOutputTokens(), estimated: true };
            // Some hosts report only the prompt (or send zeros): fill what is missing rather than bill nothing.
            const inputMissing = !(reported.inputTokens > 0) && promptTokens() > 0;
            const outputMissing = !(reported.outputTokens > 0) && sawOutput;
            if (!inputMissing && !outputMissing)
                return reported;
            return {
                inputTokens: inputMissing ? promptTokens() : reported.inputTokens,
                outputTokens: outputMissing ? countOutputTokens() : reported.outputTokens,
                estimated: true,
            };
        },
    };
}
//# sourceMappingURL=stream-usage-counter.js.map