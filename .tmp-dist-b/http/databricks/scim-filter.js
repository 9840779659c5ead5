import { errors } from '../../errors/index.js';
// Linear-time: the alternatives inside the quoted string are disjoint, so there is no backtracking blow-up.
const comparison = /^\s*([A-Za-z][\w.$:-]*)\s+(eq|ne|co|sw|ew)\s+("(?:[^"\\]|\\.)*"|true|false|null|-?\d+(?:\.\d+)?)\s*$/i;
const presence = /^\s*([A-Za-z][\w.$:-]*)\s+pr\s*$/i;
export const MAX_FILTER_LENGTH = 1000;
/** Parses the subset of SCIM filters Databricks clients send; anything else is INVALID_PARAMETER_VALUE. */
export function parseScimFilter(text) {
    const invalid = () => errors.invalid('Unsupported filter; use `attribute op "value"` with op eq, ne, co, sw, ew or `attribute pr`.');
    if (text.length > MAX_FILTER_LENGTH)
        throw invalid();
    const present = presence.exec(text);
    if (present)
        return { attribute: present[1], operator: 'pr', value: null };
    const match = comparison.exec(text);
    if (!match)
        throw invalid();
    let value;
    try {
        value = JSON.parse(match[3]);
    }
    catch {
        throw invalid();
    }
    return { attribute: match[1], operator: match[2].toLowerCase(), value };
}
/**
 * Whether a resource's attributes (names compared case-insensitively) satisfy the filter. Strings compare
 * case-insensitively, as SCIM defines for userName and displayName. Unknown attributes are rejected.
 */
export function matchesScimFilter(filter, attributes) {
    const name = Object.keys(attributes).find((key) => key.toLowerCase() === filter.attribute.toLowerCase());
    if (name === undefined)
        throw errors.invalid(`Filtering on ${filter.attribute} is not supported.`);
    const actual = attributes[name];
    if (filter.operator === 'pr')
        return actual !== undefined && actual !== null && actual !== '';
    const fold = (value) => (typeof value === 'string' ? value.toLowerCase() : value);
    const left = fold(actual);
    const right = fold(filter.value);
    switch (filter.operator) {
        case 'eq':
            return left === right;
        case 'ne':
            return left !== right;
        case 'co':
            return typeof left === 'string' && typeof right === 'string' && left.includes(right);
        case 'sw':
            return typeof left === 'string' && typeof right === 'string' && left.startsWith(right);
        case 'ew':
            return typeof left === 'string' && typeof right === 'string' && left.endsWith(right);
    }
}
/** Splits a PATCH path like `members[value eq "42"]` into the attribute and its value filter. */
export function parseScimPath(path) {
    const match = /^\s*([A-Za-z][\w.$:-]*)\s*(?:\[(.*)\])?\s*$/s.exec(path);
    if (!match)
        throw errors.invalid(`Unsupported PATCH path ${JSON.stringify(path.slice(0, 100))}.`);
    return { attribute: match[1], filter: match[2] === undefined ? null : parseScimFilter(match[2]) };
}
//# sourceMappingURL=scim-filter.js.map