import { CairnError } from '../errors/index.js';
/** Bounds that keep one search cheap (OWASP API4): long filters or huge IN lists are rejected. */
export const filterLimits = { maxLength: 4096, maxClauses: 32, maxListItems: 100 };
const stringComparators = ['=', '!=', 'LIKE', 'ILIKE'];
export const registeredModelFilterSpec = {
    entity: 'registered models',
    attributes: { name: { type: 'string', comparators: stringComparators } },
    tagComparators: stringComparators,
};
export const modelVersionFilterSpec = {
    entity: 'model versions',
    attributes: {
        name: { type: 'string', comparators: [...stringComparators, 'IN', 'NOT IN'] },
        run_id: { type: 'string', comparators: ['=', '!=', 'IN', 'NOT IN'] },
        source_path: { type: 'string', comparators: stringComparators },
        version_number: { type: 'integer', comparators: ['=', '!=', '<', '<=', '>', '>=', 'IN', 'NOT IN'] },
    },
    aliases: { source: 'source_path' },
    tagComparators: stringComparators,
};
function invalid(message) {
    return new CairnError('INVALID_PARAMETER_VALUE', `Invalid filter: ${message}`, { details: { param: 'filter' } });
}
function readQuoted(input, start, quote) {
    let text = '';
    let index = start + 1;
    while (index < input.length) {
        const char = input[index];
        if (char === '\\' && index + 1 < input.length) {
            text += input[index + 1];
            index += 2;
        }
        else if (char === quote) {
            // SQL style: a doubled quote inside the string is one literal quote.
            if (input[index + 1] === quote) {
                text += quote;
                index += 2;
            }
            else {
                return { text, end: index + 1 };
            }
        }
        else {
            text += char;
            index += 1;
        }
    }
    throw invalid(`unterminated ${quote} quote starting at position ${start}.`);
}
function tokenize(input) {
    const tokens = [];
    let index = 0;
    while (index < input.length) {
        const char = input[index];
        if (/\s/.test(char)) {
            index += 1;
            continue;
        }
        const rest = input.slice(index);
        const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(rest);
        if (word) {
            tokens.push({ type: 'word', text: word[0], position: index });
            index += word[0].length;
            continue;
        }
        const number = /^-?\d+(\.\d+)?/.exec(rest);
        if (number) {
            tokens.push({ type: 'number', text: number[0], position: index });
            index += number[0].length;
            continue;
        }
        const operator = /^(!=|<>|<=|>=|==|=|<|>)/.exec(rest);
        if (operator) {
            tokens.push({ type: 'operator', text: operator[0], position: index });
            index += operator[0].length;
            continue;
        }
        if (char === "'" || char === '"') {
            const { text, end } = readQuoted(input, index, char);
            tokens.push({ type: 'string', text, quote: char, position: index });
            index = end;
            continue;
        }
        if (char === '`') {
            const { text, end } = readQuoted(input, index, '`');
            tokens.push({ type: 'quoted_key', text, position: index });
            index = end;
            continue;
        }
        if (char === '(' || char === ')' || char === ',' || char === '.') {
            tokens.push({ type: 'punctuation', text: char, position: index });
            index += 1;
            continue;
        }
        throw invalid(`unexpected character ${JSON.stringify(char)} at position ${index}.`);
    }
    return tokens;
}
function describe(token) {
    if (!token)
        return 'end of filter';
    if (token.type === 'string')
        return `string ${token.quote}${token.text}${token.quote} at position ${token.position}`;
    return `'${token.text}' at position ${token.position}`;
}
function isKeyword(token, keyword) {
    return token?.type === 'word' && token.text.toUpperCase() === keyword;
}
class Parser {
    tokens;
    index = 0;
    constructor(tokens) {
        this.tokens = tokens;
    }
    peek(offset = 0) {
        return this.tokens[this.index + offset];
    }
    next() {
        const token = this.tokens[this.index];
        this.index += 1;
        return token;
    }
    parse() {
        const clauses = [];
        if (this.tokens.length === 0)
            return clauses;
        for (;;) {
            clauses.push(this.clause());
            const token = this.next();
            if (!token)
                return clauses;
            if (isKeyword(token, 'OR'))
                throw invalid(`OR is not supported (at position ${token.position}); join conditions with AND.`);
            if (!isKeyword(token, 'AND'))
                throw invalid(`expected AND or end of filter, found ${describe(token)}.`);
            if (clauses.length >= filterLimits.maxClauses)
                throw invalid(`at most ${filterLimits.maxClauses} conditions are allowed.`);
        }
    }
    clause() {
        const key = this.key();
        const comparator = this.comparator();
        const value = comparator === 'IN' || comparator === 'NOT IN' ? this.list() : this.scalar();
        return { key, comparator, value };
    }
    key() {
        const first = this.next();
        if (first?.type !== 'word')
            throw invalid(`expected an attribute or tags.<key>, found ${describe(first)}.`);
        const dot = this.peek();
        if (dot?.type !== 'punctuation' || dot.text !== '.')
            return { kind: 'attribute', name: first.text };
        if (first.text !== 'tags' && first.text !== 'tag') {
            throw invalid(`unknown prefix '${first.text}.' at position ${first.position}; use tags.<key>.`);
        }
        this.next();
        const keyToken = this.next();
        if (keyToken?.type === 'quoted_key' || (keyToken?.type === 'string' && keyToken.quote === '"')) {
            if (keyToken.text.length === 0)
                throw invalid(`empty tag key at position ${keyToken.position}.`);
            return { kind: 'tag', name: keyToken.text };
        }
        if (keyToken?.type !== 'word')
            throw invalid(`expected a tag key after 'tags.', found ${describe(keyToken)}.`);
        // Bare dotted keys (tags.mlflow.source) read as one key, as MLflow does.
        let name = keyToken.text;
        for (;;) {
            const maybeDot = this.peek();
            const segment = this.peek(1);
            if (maybeDot?.type !== 'punctuation' || maybeDot.text !== '.' || segment?.type !== 'word')
                break;
            name += `.${segment.text}`;
            this.index += 2;
        }
        return { kind: 'tag', name };
    }
    comparator() {
        const token = this.next();
        if (token?.type === 'operator') {
            if (token.text === '==')
                return '=';
            if (token.text === '<>')
                return '!=';
            return token.text;
        }
        if (token?.type === 'word') {
            const upper = token.text.toUpperCase();
            if (upper === 'LIKE' || upper === 'ILIKE' || upper === 'IN')
                return upper;
            if (upper === 'NOT' && isKeyword(this.peek(), 'IN')) {
                this.next();
                return 'NOT IN';
            }
        }
        throw invalid(`expected a comparator (=, !=, <, <=, >, >=, LIKE, ILIKE, IN, NOT IN), found ${describe(token)}.`);
    }
    scalar() {
        const token = this.next();
        if (token?.type === 'string')
            return token.text;
        if (token?.type === 'number') {
            const value = Number(token.text);
            if (!Number.isFinite(value))
                throw invalid(`number ${token.text} is out of range.`);
            return value;
        }
        throw invalid(`expected a quoted string or a number, found ${describe(token)}.`);
    }
    list() {
        const open = this.next();
        if (open?.type !== 'punctuation' || open.text !== '(')
            throw invalid(`expected '(' to start a list, found ${describe(open)}.`);
        const values = [];
        for (;;) {
            values.push(this.scalar());
            if (values.length > filterLimits.maxListItems)
                throw invalid(`a list may hold at most ${filterLimits.maxListItems} values.`);
            const separator = this.next();
            if (separator?.type === 'punctuation' && separator.text === ')')
                return values;
            if (separator?.type !== 'punctuation' || separator.text !== ',') {
                throw invalid(`expected ',' or ')' in a list, found ${describe(separator)}.`);
            }
        }
    }
}
const integerLimit = 2_147_483_647;
function checkValue(value, spec, keyLabel) {
    if (spec?.type === 'integer') {
        const number = typeof value === 'number' ? value : /^\s*-?\d+\s*$/.test(value) ? Number(value) : Number.NaN;
        if (!Number.isSafeInteger(number))
            throw invalid(`${keyLabel} must be compared with an integer, got ${JSON.stringify(value)}.`);
        // Integer attributes are 32-bit columns; PostgreSQL refuses larger parameters for them.
        if (Math.abs(number) > integerLimit)
            throw invalid(`${keyLabel} value ${number} is out of range.`);
        return number;
    }
    if (typeof value !== 'string')
        throw invalid(`${keyLabel} must be compared with a quoted string, got ${value}.`);
    // PostgreSQL cannot compare text with NUL characters; no stored value holds one.
    if (value.includes('\u0000'))
        throw invalid(`${keyLabel} value contains a NUL character.`);
    return value;
}
/** Checks parsed clauses against what one search API supports and normalises aliases and value types. */
function validate(clauses, spec) {
    return clauses.map((clause) => {
        let key = clause.key;
        let attribute;
        if (key.kind === 'attribute') {
            const canonical = spec.aliases?.[key.name] ?? key.name;
            attribute = Object.hasOwn(spec.attributes, canonical) ? spec.attributes[canonical] : undefined;
            if (!attribute) {
                const known = [...Object.keys(spec.attributes), 'tags.<key>'].join(', ');
                throw invalid(`unknown attribute '${key.name}' for ${spec.entity}; expected one of ${known}.`);
            }
            key = { kind: 'attribute', name: canonical };
        }
        const keyLabel = key.kind === 'tag' ? `tags.${key.name}` : key.name;
        if (key.name.includes('\u0000'))
            throw invalid('a tag key contains a NUL character.');
        const allowed = attribute ? attribute.comparators : spec.tagComparators;
        if (!allowed.includes(clause.comparator)) {
            throw invalid(`comparator ${clause.comparator} is not supported for ${keyLabel}; use one of ${allowed.join(', ')}.`);
        }
        const value = Array.isArray(clause.value)
            ? clause.value.map((item) => checkValue(item, attribute, keyLabel))
            : checkValue(clause.value, attribute, keyLabel);
        return { key, comparator: clause.comparator, value };
    });
}
/** Parses an MLflow filter string for one search API; empty or missing means "no condition". */
export function parseFilter(filter, spec) {
    if (filter === undefined)
        return [];
    if (filter.length > filterLimits.maxLength)
        throw invalid(`longer than ${filterLimits.maxLength} characters.`);
    return validate(new Parser(tokenize(filter)).parse(), spec);
}
function quote(text, quoteChar) {
    return `${quoteChar}${text.replaceAll('\\', '\\\\').replaceAll(quoteChar, `\\${quoteChar}`)}${quoteChar}`;
}
function formatValue(value) {
    return typeof value === 'number' ? String(value) : quote(value, "'");
}
/** The canonical filter string for clauses; `parseFilter(formatFilter(c))` gives back `c`. */
export function formatFilter(clauses) {
    return clauses
        .map((clause) => {
        const key = clause.key.kind === 'tag' ? `tags.${quote(clause.key.name, '`')}` : clause.key.name;
        const value = Array.isArray(clause.value) ? `(${clause.value.map(formatValue).join(', ')})` : formatValue(clause.value);
        return `${key} ${clause.comparator} ${value}`;
    })
        .join(' AND ');
}
//# sourceMappingURL=search-filter.js.map