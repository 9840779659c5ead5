import { createOffsetMap } from './offset-map.js';
import { applyEdits, SpanIndex } from './text-edits.js';
import { decodeCharacterReferences } from './url-policy.js';
const MAX_DESTINATION = 2048;
const MAX_TITLE = 1024;
const MAX_TAG = 2048;
const MAX_OPEN_BRACKETS = 1024;
export const LINK_REMOVED = '[link removed]';
const ACTIVE_ELEMENTS = new Set(['script', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'style', 'link', 'meta', 'base', 'form', 'svg', 'math', 'portal', 'template']);
const URL_ATTRIBUTES = new Set(['href', 'src', 'action', 'formaction', 'data', 'poster', 'background', 'xlink:href', 'ping', 'cite', 'longdesc', 'lowsrc', 'dynsrc', 'manifest', 'codebase', 'archive', 'usemap', 'srcdoc']);
const DANGEROUS_STYLE = /url\s*\(|expression\s*\(|@import|javascript:/i;
/** Group 1: the character before (none at the start), so a URL glued to a word (`xhttps:`, `metadata:`) is no URL. */
const BARE_URL = /(^|[^\p{L}\p{N}_])((?:https?:\/\/|www\.|javascript:|vbscript:|data:)[^\s<>"'`]{0,2048})/giu;
const TRAILING_PUNCTUATION = '.,:;!?*_~\'")]';
function isSpace(code) {
    return code === 32 || code === 9 || code === 10 || code === 13 || code === 12 || code === 11;
}
class EditCollector {
    policy;
    partial;
    edits = [];
    findings = [];
    /** Destinations judged allowed: bare-URL search does not second-guess them. */
    kept = [];
    constructor(policy, 
    /** The text may continue (a stream window): a construct cut off at its end is refused until it is whole. */
    partial) {
        this.policy = policy;
        this.partial = partial;
    }
    refuse(finding, ...edits) {
        this.findings.push(finding);
        this.edits.push(...edits);
    }
    /** Judges a URL; one cut off by the end of a partial text is refused whatever its prefix looks like. */
    judge(url, cutOff) {
        if (cutOff && this.partial)
            return { allowed: false, reason: 'unfinished link' };
        return this.policy.judge(url);
    }
    /** The spans already edited (and kept, unless `editedOnly`), for overlap queries made in increasing order. */
    occupied(editedOnly = false) {
        const edited = this.edits.map((edit) => [edit.start, edit.end]);
        return new SpanIndex(editedOnly ? edited : [...edited, ...this.kept]);
    }
}
/** Matching `[` for every `]` (−1 when none), one pass with a stack. */
function matchBrackets(text) {
    const opener = new Int32Array(text.length).fill(-1);
    const stack = [];
    for (let index = 0; index < text.length; index++) {
        const code = text.charCodeAt(index);
        if (code === 91 /* [ */) {
            if (stack.length < MAX_OPEN_BRACKETS)
                stack.push(index);
        }
        else if (code === 93 /* ] */ && stack.length > 0) {
            opener[index] = stack.pop();
        }
    }
    return opener;
}
function skipSpaces(text, from, limit = text.length) {
    let position = from;
    while (position < limit && isSpace(text.charCodeAt(position)))
        position++;
    return position;
}
/** Parses `(dest "title")` starting at `open` (the `(`); stops at the next `](` so scans never overlap. */
function parseInlineDestination(text, open) {
    const limit = Math.min(text.length, open + 1 + MAX_DESTINATION);
    let position = skipSpaces(text, open + 1, limit);
    let start = position;
    let end;
    const close = text[position] === '<' ? text.indexOf('>', position) : -1;
    const newline = close === -1 ? -1 : text.indexOf('\n', position);
    if (close !== -1 && close < limit && (newline === -1 || close < newline)) {
        start = position + 1;
        end = close;
        position = close + 1;
    }
    else {
        end = position = scanPlainDestination(text, position, limit);
    }
    let cursor = skipSpaces(text, position);
    const quote = text[cursor];
    if (quote === '"' || quote === "'" || quote === '(') {
        const closing = quote === '(' ? ')' : quote;
        const titleLimit = Math.min(text.length, cursor + 1 + MAX_TITLE);
        let title = cursor + 1;
        while (title < titleLimit && text[title] !== closing && !(text[title] === ']' && text[title + 1] === '('))
            title++;
        if (text[title] !== closing)
            return { start, end, constructEnd: title, cutOff: title >= text.length };
        cursor = skipSpaces(text, title + 1);
    }
    if (text[cursor] === ')')
        return { start, end, constructEnd: cursor + 1, cutOff: false };
    return { start, end, constructEnd: Math.max(end, position), cutOff: cursor >= text.length };
}
function scanPlainDestination(text, from, limit) {
    let depth = 0;
    let position = from;
    for (; position < limit; position++) {
        const code = text.charCodeAt(position);
        if (isSpace(code) || code < 32)
            break;
        if (code === 93 /* ] */ && text.charCodeAt(position + 1) === 40 /* ( */)
            break;
        if (code === 92 /* \ */) {
            position++;
        }
        else if (code === 40 /* ( */) {
            depth++;
        }
        else if (code === 41 /* ) */) {
            if (depth === 0)
                break;
            depth--;
        }
    }
    return Math.min(position, limit);
}
function scanInlineLinks(text, collector) {
    let opener;
    for (let close = text.indexOf(']('); close !== -1; close = text.indexOf('](', close + 1)) {
        const destination = parseInlineDestination(text, close + 1);
        const judgement = collector.judge(text.slice(destination.start, destination.end), destination.cutOff);
        opener ??= matchBrackets(text);
        const open = opener[close];
        if (judgement.allowed) {
            // Only a real link's destination is exempt from the bare-URL check: `(www.x` without a `[` is autolinked.
            const closed = text[destination.constructEnd - 1] === ')';
            if (open !== -1 && closed && destination.end > destination.start)
                collector.kept.push([destination.start, destination.end]);
            continue;
        }
        const image = open > 0 && text[open - 1] === '!';
        const start = open === -1 ? close : image ? open - 1 : open;
        const edits = [{ start: close, end: destination.constructEnd, replacement: '' }];
        if (open !== -1)
            edits.unshift({ start, end: open + 1, replacement: '' });
        collector.refuse({ type: image ? 'markdown_image' : 'markdown_link', start, end: destination.constructEnd, reason: judgement.reason }, ...edits);
    }
}
/** `[label]: destination` (reference definitions), anywhere: a renderer's line rules must not hide one from us. */
function scanDefinitions(text, collector) {
    for (let colon = text.indexOf(']:'); colon !== -1; colon = text.indexOf(']:', colon + 1)) {
        let open = colon - 1;
        while (open >= 0 && colon - open <= 1000 && text[open] !== '[' && text[open] !== ']' && text[open] !== '\n')
            open--;
        if (open < 0 || text[open] !== '[' || open === colon - 1)
            continue;
        const position = skipSpaces(text, colon + 2);
        const pointy = text[position] === '<';
        const start = pointy ? position + 1 : position;
        let end = start;
        if (pointy) {
            while (end < text.length && end - start < MAX_DESTINATION && text[end] !== '>' && text[end] !== '\n')
                end++;
        }
        else {
            while (end < text.length && end - start < MAX_DESTINATION && !isSpace(text.charCodeAt(end)) && !(text[end] === ']' && text[end + 1] === ':'))
                end++;
        }
        const cutOff = end >= text.length;
        if (end === start && !cutOff)
            continue;
        const judgement = collector.judge(text.slice(start, end), cutOff);
        // Not exempt from the bare-URL check: whether this is a definition at all depends on line rules we skip.
        if (judgement.allowed)
            continue;
        const constructEnd = text[end] === '>' ? end + 1 : end;
        collector.refuse({ type: 'link_definition', start: open, end: constructEnd, reason: judgement.reason }, { start: open, end: constructEnd, replacement: '' });
    }
}
const AUTOLINK = /<([A-Za-z][A-Za-z0-9+.-]{1,31}:[^<>\s]{0,2048})>/g;
function scanAutolinks(text, collector) {
    const occupied = collector.occupied();
    for (const match of text.matchAll(AUTOLINK)) {
        const start = match.index;
        const end = start + match[0].length;
        if (occupied.overlaps(start, end))
            continue;
        const judgement = collector.judge(match[1], false);
        if (!judgement.allowed)
            collector.refuse({ type: 'autolink', start, end, reason: judgement.reason }, { start, end, replacement: LINK_REMOVED });
    }
}
const TAG_NAME_CHARACTER = /[A-Za-z0-9-]/;
const LETTER = /[A-Za-z]/;
/** An HTML start tag at `start` (`<name …>`), attributes with quoted values; cut off at the text's end or the cap. */
function parseTag(text, start) {
    let position = start + 1;
    if (!LETTER.test(text[position] ?? ''))
        return undefined;
    while (position < text.length && TAG_NAME_CHARACTER.test(text[position]))
        position++;
    const name = text.slice(start + 1, position).toLowerCase();
    const attributes = [];
    const limit = Math.min(text.length, start + MAX_TAG);
    const ended = (end) => ({ name, end, attributes, truncated: false, cutOff: false });
    while (position < limit) {
        while (position < limit && (isSpace(text.charCodeAt(position)) || text[position] === '/'))
            position++;
        if (position >= limit)
            break;
        if (text[position] === '>')
            return ended(position + 1);
        if (text[position] === '<')
            return ended(position);
        const attributeStart = position;
        while (position < limit && !isSpace(text.charCodeAt(position)) && !'/>='.includes(text[position]) && (position === attributeStart || text[position] !== '<'))
            position++;
        const attribute = text.slice(attributeStart, position).toLowerCase();
        position = skipSpaces(text, position, limit);
        let value = '';
        if (text[position] === '=') {
            position = skipSpaces(text, position + 1, limit);
            const quote = text[position];
            if (quote === '"' || quote === "'") {
                const close = text.indexOf(quote, position + 1);
                const valueEnd = close === -1 || close >= limit ? limit : close;
                value = text.slice(position + 1, valueEnd);
                position = valueEnd + 1;
            }
            else {
                const valueStart = position;
                while (position < limit && !isSpace(text.charCodeAt(position)) && text[position] !== '>')
                    position++;
                value = text.slice(valueStart, position);
            }
        }
        attributes.push([attribute, value]);
    }
    const end = Math.min(position, text.length);
    return { name, end, attributes, truncated: end < text.length, cutOff: end >= text.length };
}
function tagRefusal(tag, collector) {
    if (tag.truncated)
        return 'tag too long to judge';
    if (tag.cutOff && collector.partial)
        return 'unfinished tag';
    if (ACTIVE_ELEMENTS.has(tag.name))
        return `<${tag.name}> element`;
    for (const [name, value] of tag.attributes) {
        if (name.startsWith('on'))
            return 'event handler attribute';
        if (name === 'style' && DANGEROUS_STYLE.test(decodeCharacterReferences(value)))
            return 'style with a URL or expression';
        if (name === 'srcset') {
            for (const candidate of value.split(',')) {
                const url = candidate.trim().split(/\s+/)[0] ?? '';
                const judgement = url === '' ? undefined : collector.judge(url, false);
                if (judgement && !judgement.allowed)
                    return judgement.reason;
            }
        }
        else if (URL_ATTRIBUTES.has(name)) {
            const judgement = collector.judge(value.trim(), false);
            if (!judgement.allowed)
                return judgement.reason;
        }
    }
    return undefined;
}
function scanTags(text, collector) {
    for (let open = text.indexOf('<'); open !== -1;) {
        const tag = parseTag(text, open);
        if (!tag) {
            open = text.indexOf('<', open + 1);
            continue;
        }
        const reason = tagRefusal(tag, collector);
        if (reason !== undefined)
            collector.refuse({ type: 'html_tag', start: open, end: tag.end, reason }, { start: open, end: tag.end, replacement: '' });
        open = text.indexOf('<', Math.max(open + 1, tag.end));
    }
}
function count(text, char) {
    let total = 0;
    for (let index = text.indexOf(char); index !== -1; index = text.indexOf(char, index + 1))
        total++;
    return total;
}
const SCRIPT_SCHEME = /^(?:javascript|vbscript|data):/i;
function scanBareUrls(text, collector) {
    const occupied = collector.occupied();
    const edited = collector.occupied(true);
    const pattern = new RegExp(BARE_URL);
    for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
        const start = match.index + match[1].length;
        const found = match[2];
        let url = found;
        while (url.length > 0 && TRAILING_PUNCTUATION.includes(url[url.length - 1]))
            url = url.slice(0, -1);
        // A `)` closing a parenthesis opened inside the URL belongs to it (GFM's rule).
        while (found.length > url.length && found[url.length] === ')' && count(url, '(') > count(url, ')'))
            url += ')';
        const end = start + url.length;
        // Judged unless it starts inside a construct already handled (a kept link's own destination, an edit); a
        // script URI even inside an allowed destination: harmless there, but never worth keeping. After a skip the
        // search resumes where that construct ends (its last character may be the boundary before the next URL), so a
        // URL right behind it is not swallowed by the skipped match.
        const handledUntil = SCRIPT_SCHEME.test(url) ? edited.coveringEnd(start) : occupied.coveringEnd(start);
        if (handledUntil !== -1) {
            pattern.lastIndex = Math.max(start + 1, handledUntil - 1);
            continue;
        }
        if (url.length === 0)
            continue;
        const judgement = collector.judge(/^www\./i.test(url) ? `http://${url}` : url, start + found.length >= text.length);
        if (!judgement.allowed)
            collector.refuse({ type: 'bare_url', start, end, reason: judgement.reason }, { start, end, replacement: LINK_REMOVED });
    }
}
function scanOnce(text, policy, partial) {
    const collector = new EditCollector(policy, partial);
    if (text.includes(']('))
        scanInlineLinks(text, collector);
    if (text.includes(']:'))
        scanDefinitions(text, collector);
    if (text.includes('<')) {
        scanAutolinks(text, collector);
        scanTags(text, collector);
    }
    scanBareUrls(text, collector);
    return collector;
}
/** Rounds of scanning: removing a link can join its neighbours into a new one (`a]` + `![(x)](…)` → `a](x)`). */
const MAX_ROUNDS = 4;
const LINK_SYNTAX = /[[\]()<>]|:\/\/|www\./gi;
/** Every regular expression the scanner runs on answer text, for the SEC-DOS-7 audit in the tests. */
export const LINK_SCANNER_PATTERNS = [DANGEROUS_STYLE, BARE_URL, AUTOLINK, TAG_NAME_CHARACTER, LETTER, SCRIPT_SCHEME, LINK_SYNTAX];
/**
 * Neutralises refused link targets in `text`. `partial`: the text may continue (a stream window), so a link, tag or
 * URL running into its end is refused until it can be judged whole. The result is scanned again until nothing
 * changes; findings of later rounds are translated back to offsets in `text`.
 */
export function scanLinks(text, policy, partial = false) {
    let current = text;
    const findings = [];
    const maps = [];
    for (let round = 0; round < MAX_ROUNDS; round++) {
        const collector = scanOnce(current, policy, partial);
        if (collector.findings.length === 0)
            return { findings, text: current };
        for (const finding of collector.findings) {
            let span = { start: finding.start, end: finding.end };
            for (let index = maps.length - 1; index >= 0; index--)
                span = maps[index].toBefore(span.start, span.end);
            findings.push({ ...finding, start: span.start, end: span.end });
        }
        const next = applyEdits(current, collector.edits);
        maps.push(createOffsetMap(current, next, collector.edits.map((edit) => [edit.start, edit.end, edit.replacement])));
        current = next;
    }
    // Still finding links after several rounds: a construction built to survive; drop all link syntax.
    return { findings, text: current.replace(LINK_SYNTAX, '') };
}
//# sourceMappingURL=link-scanner.js.map