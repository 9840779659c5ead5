import { homoglyphFold } from './homoglyphs.js';
import { OffsetMap } from './offset-map.js';
/**
 * Text normalisation before injection matching (SEC-PI-2). Attackers hide the words a detector looks for: fullwidth
 * or mathematical letters, zero-width characters inside words, look-alike Cyrillic/Greek letters, invisible Unicode
 * tag characters that still reach the model, or the whole instruction in base64/hex. This undoes each of those once,
 * in linear time, and keeps a compact offset map so findings point into the caller's original text.
 *
 * Cost bound (SEC-DOS-7): only the first and the last 32 KiB (UTF-16 code units) of a longer text are scanned — an
 * instruction buried in the middle of a longer text is not seen, which the guardrail documents; at most 16
 * encoded runs are decoded, 8 KiB of decoded text in all.
 */
/** Code units scanned from the start and from the end of a longer text. */
export const SCAN_HEAD_LENGTH = 32 * 1024;
export const SCAN_TAIL_LENGTH = 32 * 1024;
/** A base64 or hex run must be at least this long to be decoded. */
export const MIN_ENCODED_RUN = 16;
const MAX_DECODED_RUNS = 16;
const MAX_DECODED_LENGTH = 8 * 1024;
const markPattern = /^\p{M}$/u;
// Tag characters U+E0020–E007E spell ASCII invisibly (“ASCII smuggling”); as UTF-16 they are U+DB40 + U+DC20–DC7E.
const hiddenTagRun = /(?:\uDB40[\uDC20-\uDC7E])+/g;
const hexOnly = /^[0-9A-Fa-f]+$/;
const utf8 = new TextDecoder('utf-8', { fatal: true });
function isInvisible(code) {
    return ((code >= 0x200b && code <= 0x200d) ||
        code === 0xfeff ||
        code === 0x2060 ||
        (code >= 0x2061 && code <= 0x2064) ||
        code === 0x00ad ||
        code === 0x180e);
}
function isBase64Code(code) {
    return ((code >= 0x61 && code <= 0x7a) ||
        (code >= 0x41 && code <= 0x5a) ||
        (code >= 0x30 && code <= 0x39) ||
        code === 0x2b ||
        code === 0x2f ||
        code === 0x5f ||
        code === 0x2d);
}
/** Runs of base64/hex characters (with up to two `=` of padding) at least MIN_ENCODED_RUN long: [start, end) pairs. */
function encodedRuns(text, limit) {
    const runs = [];
    let start = -1;
    for (let index = 0; index <= text.length && runs.length < limit * 2; index++) {
        if (index < text.length && isBase64Code(text.charCodeAt(index))) {
            if (start < 0)
                start = index;
            continue;
        }
        if (start >= 0 && index - start >= MIN_ENCODED_RUN) {
            let end = index;
            while (end < text.length && end - index < 2 && text.charCodeAt(end) === 0x3d)
                end++;
            runs.push(start, end);
        }
        start = -1;
    }
    return runs;
}
/**
 * Cheap test before decoding: base64 of text mixes upper- and lower-case letters (hex is all hex digits); a
 * hyphenated name or a lower-case path is neither, and decoding it would only cost time.
 */
function plausiblyEncoded(text, start, end) {
    let upper = false;
    let lower = false;
    let hex = true;
    for (let index = start; index < end; index++) {
        const code = text.charCodeAt(index);
        if (code >= 0x41 && code <= 0x5a)
            upper = true;
        else if (code >= 0x61 && code <= 0x7a)
            lower = true;
        if (!((code >= 0x30 && code <= 0x39) || (code >= 0x61 && code <= 0x66) || (code >= 0x41 && code <= 0x46) || code === 0x3d))
            hex = false;
        if (upper && lower)
            return true;
    }
    return hex;
}
function isAsciiLetter(code) {
    return (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a);
}
function isMark(codePoint) {
    if (codePoint < 0x300)
        return false;
    if (codePoint <= 0x36f)
        return true; // combining diacritical marks, the common case
    // Punctuation, symbols and emoji (most non-ASCII in prompts) are no marks; the rest asks the Unicode tables.
    if ((codePoint >= 0x2000 && codePoint <= 0x2bff) || codePoint >= 0x1f000)
        return false;
    return markPattern.test(String.fromCodePoint(codePoint));
}
/** NFKC of single code points, memoised: prompts repeat the same few non-ASCII characters (quotes, accents). */
const composedCache = new Map();
const COMPOSED_CACHE_LIMIT = 4096;
function composedForm(cluster) {
    const single = cluster.length === 1 || (cluster.length === 2 && (cluster.codePointAt(0) ?? 0) > 0xffff);
    if (!single)
        return cluster.normalize('NFKC');
    let composed = composedCache.get(cluster);
    if (composed === undefined) {
        composed = cluster.normalize('NFKC');
        if (composedCache.size < COMPOSED_CACHE_LIMIT)
            composedCache.set(cluster, composed);
    }
    return composed;
}
class Normalizer {
    parts = [];
    map = new OffsetMap();
    length = 0;
    invisibleCount = 0;
    mixedScriptFolds = 0;
    /** Appends `source[from, to)` normalised; `source` offsets are the original's. */
    appendSource(source, from, to) {
        this.map.linear(this.length, from);
        let runStart = from;
        let index = from;
        while (index < to) {
            const code = source.charCodeAt(index);
            if (code < 0x80) {
                index++;
                continue;
            }
            const codePoint = source.codePointAt(index) ?? code;
            // A combining mark composes with the ASCII letter before it (e + U+0301 → é): take that letter into the cluster.
            let clusterStart = index;
            if (index > runStart && isMark(codePoint))
                clusterStart = index - 1;
            let clusterEnd = index + (codePoint > 0xffff ? 2 : 1);
            while (clusterEnd < to) {
                const next = source.codePointAt(clusterEnd) ?? 0;
                if (!isMark(next))
                    break;
                clusterEnd += next > 0xffff ? 2 : 1;
            }
            if (clusterStart > runStart)
                this.push(source.slice(runStart, clusterStart));
            const previousIsLatin = clusterStart > from && isAsciiLetter(source.charCodeAt(clusterStart - 1));
            const nextIsLatin = clusterEnd < to && isAsciiLetter(source.charCodeAt(clusterEnd));
            const cluster = source.slice(clusterStart, clusterEnd);
            const output = this.transformCluster(cluster, previousIsLatin || nextIsLatin);
            if (output.length === cluster.length)
                this.push(output);
            else {
                this.map.block(this.length, clusterStart, clusterEnd);
                this.push(output);
                this.map.linear(this.length, clusterEnd);
            }
            index = clusterEnd;
            runStart = clusterEnd;
        }
        if (to > runStart)
            this.push(source.slice(runStart, to));
    }
    /** Appends text that stands for the original span `[originalStart, originalEnd)` as a whole. */
    appendBlock(text, originalStart, originalEnd) {
        this.map.block(this.length, originalStart, originalEnd);
        this.push(text);
    }
    push(text) {
        if (text.length === 0)
            return;
        this.parts.push(text);
        this.length += text.length;
    }
    transformCluster(cluster, besideLatin) {
        const composed = composedForm(cluster);
        let output = '';
        for (let index = 0; index < composed.length; index++) {
            const code = composed.charCodeAt(index);
            if (isInvisible(code)) {
                this.invisibleCount++;
                continue;
            }
            if (code === 0xdb40) {
                const low = composed.charCodeAt(index + 1);
                if (low >= 0xdc00 && low <= 0xdc7f) {
                    this.invisibleCount++;
                    index++;
                    continue;
                }
            }
            const folded = homoglyphFold.get(code);
            if (folded !== undefined) {
                if (besideLatin && isAsciiLetter(folded))
                    this.mixedScriptFolds++;
                output += String.fromCharCode(folded);
            }
            else
                output += composed[index];
        }
        return output;
    }
}
/** The decoded text of a base64 or hex run when it is printable text, else undefined. */
export function decodeEncodedRun(run) {
    const body = run.replace(/=+$/, '');
    const isHex = hexOnly.test(body) && body.length % 2 === 0;
    let decoded;
    try {
        decoded = utf8.decode(Buffer.from(body, isHex ? 'hex' : 'base64'));
    }
    catch {
        return undefined;
    }
    if (decoded.length < 6)
        return undefined;
    let printable = 0;
    let letters = 0;
    for (let index = 0; index < decoded.length; index++) {
        const code = decoded.charCodeAt(index);
        if ((code >= 0x20 && code < 0x7f) || code === 0x0a || code === 0x0d || code === 0x09 || code >= 0xa0)
            printable++;
        if (isAsciiLetter(code) || code >= 0xa0)
            letters++;
    }
    // Random bytes (keys, hashes, ids) are almost never ≥ 95 % printable with letters for half their length.
    if (printable < decoded.length * 0.95 || letters < decoded.length * 0.5)
        return undefined;
    return decoded;
}
function decodedLine(text, budget) {
    return '\n' + (text.length > budget ? text.slice(0, budget) : text);
}
/**
 * Normalises `text` for detection (SEC-PI-2): NFKC; zero-width, soft-hyphen and Unicode tag characters removed;
 * common Cyrillic/Greek look-alike letters folded to Latin; then, once, every base64/hex run of at least 16
 * characters that decodes to printable text — and any printable text spelled in tag characters — appended as an
 * extra line. Linear in the input; scans at most the first and last 32 KiB.
 */
export function normalizeDetailed(text) {
    const normalizer = new Normalizer();
    const truncated = text.length > SCAN_HEAD_LENGTH + SCAN_TAIL_LENGTH;
    const scannedRanges = [];
    if (!truncated) {
        normalizer.appendSource(text, 0, text.length);
        scannedRanges.push([0, text.length]);
    }
    else {
        let headEnd = SCAN_HEAD_LENGTH;
        let tailStart = text.length - SCAN_TAIL_LENGTH;
        // Never split a surrogate pair at the cut.
        const headLast = text.charCodeAt(headEnd - 1);
        if (headLast >= 0xd800 && headLast <= 0xdbff)
            headEnd--;
        const tailFirst = text.charCodeAt(tailStart);
        if (tailFirst >= 0xdc00 && tailFirst <= 0xdfff)
            tailStart++;
        normalizer.appendSource(text, 0, headEnd);
        normalizer.appendBlock('\n', headEnd, tailStart);
        normalizer.appendSource(text, tailStart, text.length);
        scannedRanges.push([0, headEnd], [tailStart, text.length]);
    }
    const bodyLength = normalizer.length;
    const body = normalizer.parts.join('');
    let budget = MAX_DECODED_LENGTH;
    let runs = 0;
    let hiddenTagRuns = 0;
    if (normalizer.invisibleCount > 0) {
        for (const [from, to] of scannedRanges) {
            hiddenTagRun.lastIndex = from;
            for (let match = hiddenTagRun.exec(text); match !== null && match.index < to; match = hiddenTagRun.exec(text)) {
                if (runs >= MAX_DECODED_RUNS || budget <= 0)
                    break;
                let hidden = '';
                for (let index = 1; index < match[0].length; index += 2) {
                    hidden += String.fromCharCode(match[0].charCodeAt(index) - 0xdc00);
                }
                const line = decodedLine(hidden, budget);
                normalizer.appendBlock(line, match.index, match.index + match[0].length);
                budget -= line.length;
                runs++;
                hiddenTagRuns++;
            }
        }
    }
    let decodedRuns = 0;
    // Candidates beyond the decode limit are not even looked at: a text of many long ids costs no more than 64.
    const candidates = encodedRuns(body, MAX_DECODED_RUNS * 4);
    for (let candidate = 0; candidate < candidates.length; candidate += 2) {
        if (runs >= MAX_DECODED_RUNS || budget <= 0)
            break;
        const runStart = candidates[candidate];
        const runEnd = candidates[candidate + 1];
        if (!plausiblyEncoded(body, runStart, runEnd))
            continue;
        const decoded = decodeEncodedRun(body.slice(runStart, runEnd));
        if (decoded === undefined)
            continue;
        const line = decodedLine(decoded.normalize('NFKC'), budget);
        const start = normalizer.map.startOf(runStart);
        const end = normalizer.map.endOf(runEnd - 1);
        normalizer.appendBlock(line, start, end);
        budget -= line.length;
        runs++;
        decodedRuns++;
    }
    const normalized = runs === 0 ? body : normalizer.parts.join('');
    const map = normalizer.map;
    return {
        text: normalized,
        bodyLength,
        truncated,
        invisibleCount: normalizer.invisibleCount,
        mixedScriptFolds: normalizer.mixedScriptFolds,
        decodedRuns,
        hiddenTagRuns,
        toOriginal(start, end) {
            if (end <= start) {
                const at = map.startOf(start);
                return { start: at, end: at };
            }
            // A span reaching from the body into an appended decoded line maps to both pieces' hull.
            const first = map.startOf(start);
            const last = map.endOf(end - 1);
            if (first < last)
                return { start: first, end: last };
            return { start: Math.min(first, map.startOf(end - 1)), end: Math.max(last, map.endOf(start)) };
        },
    };
}
/** The normalised text only; see `normalizeDetailed`. */
export function normalizeForDetection(text) {
    return normalizeDetailed(text).text;
}
//# sourceMappingURL=normalize.js.map