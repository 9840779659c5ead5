import { extractCallTexts } from '../descriptors/index.js';
export function callTexts(request, response) {
    const texts = extractCallTexts({ request, response });
    return { prompt: texts.prompt ?? '', response: texts.response ?? '', context: texts.context ?? '' };
}
//# sourceMappingURL=call-text.js.map