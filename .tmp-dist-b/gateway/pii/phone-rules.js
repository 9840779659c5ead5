const contextWords = /(?:phone|tel\b|tel[.:]|telephone|mobile|cell|call|fax|whats ?app|contact|number|desk|landline|reach me|reach us|reached at|answering|text me|sms|dial|ph[.:]|tlf|telefon|t[ée]l[ée]phone|handy|m[óo]vil|celular|no[.:]|nr\.?)[^0-9]{0,16}$/i;
/** "licence number", "order no.": a number word that names some other identifier. */
const otherIdentifier = /(?:licen[cs]e|account|acct|order|invoice|tracking|policy|passport|serial|reference|ref|customer|member|membership|case|ticket|routing|document|vat|tax|insurance|employee|student|patient|id|transaction|confirmation|booking|reservation|model|part|item|product|batch|lot|version|build|release|registration|certificate|permit|badge|card|social security|ssn|iban|bank|sort|swift|bic|isbn|issn|ean|upc|sku)[ \t#:.]*(?:number|no\.?|nr\.?|#)?[ \t#:.]*(?:is|was|:)?[^0-9]{0,8}$/i;
const labelAfter = /^[ \t]*[-–(]?[ \t]*(?:office|fax|mobile|cell|home|work|desk|phone|tel\b)/i;
export function hasPhoneContext(before, after = '') {
    if (otherIdentifier.test(before))
        return false;
    return contextWords.test(before) || labelAfter.test(after);
}
function isDateShaped(groups) {
    if (groups.length !== 3)
        return false;
    const lengths = groups.map((group) => group.length).join('-');
    return ['4-2-2', '4-1-1', '4-1-2', '4-2-1', '2-2-4', '1-2-4', '2-1-4', '1-1-4', '2-2-2'].includes(lengths);
}
function isYearList(groups) {
    return groups.every((group) => /^(?:19|20)\d\d$/.test(group));
}
/** 1 234 567 / 1.234.567: every group after the first has exactly three digits. */
function isThousandsShaped(groups) {
    return (groups[0]?.length ?? 0) <= 3 && groups.slice(1).every((group) => group.length === 3);
}
export function isPhoneNumber(run) {
    const { groups, joints } = run;
    const digits = groups.join('');
    const count = digits.length;
    if (count < 7 || count > 15)
        return false;
    if (run.plus)
        return count >= 8;
    // International prefix 00 (Europe) / 011 (NANP) written instead of '+'.
    if (groups.length >= 2 && (/^00[1-9]/.test(digits) || groups[0] === '00' || groups[0] === '011')) {
        return count - (groups[0] === '011' ? 3 : 2) >= 8;
    }
    if (groups.length === 1) {
        if (/^(\d)\1+$/.test(digits))
            return false;
        // A trunk 0 and ten digits is how national mobile numbers are written in many countries (UK 07…, Turkey 05…,
        // the Philippines 09…, Nigeria 08…); other bare digits look like any id, and only a context word makes them a
        // phone number.
        if (count === 11 && digits[0] === '0' && digits[1] !== '0')
            return true;
        return run.context && (count === 10 || count === 11);
    }
    const lengths = groups.map((group) => group.length);
    // 3-2-4 is the SSN layout; the SSN detector owns it.
    if (lengths.join('-') === '3-2-4')
        return false;
    if (isDateShaped(groups) || isYearList(groups))
        return false;
    const parenGroupLength = run.parenGroup === undefined ? 0 : (groups[run.parenGroup]?.length ?? 0);
    if (parenGroupLength >= 1 && parenGroupLength <= 4) {
        return count >= 7 && count <= 12;
    }
    const separators = new Set(joints);
    if (separators.size !== 1)
        return false;
    const [separator] = separators;
    if (separator === '' || separator === '/')
        return run.context && count >= 7 && count <= 12;
    // NANP: 415-555-0132, 1-415-555-0132.
    if (lengths.join('-') === '3-3-4' || lengths.join('-') === '1-3-3-4')
        return true;
    // Trunk prefix 0: 090-1234-5678, 0341 8387176, 01.84.17.61.18.
    // (Two groups need a 2–4 digit area code: "03262 2437" is a postcode and a house number.)
    if (digits[0] === '0') {
        const areaCodeOk = groups.length > 2 || (lengths[0] ?? 0) <= 4;
        return count >= 9 && count <= 12 && areaCodeOk && lengths.every((length) => length <= 8);
    }
    // 4-2-4 is an id layout (licences, accounts), not a dialling plan.
    if (lengths.join('-') === '4-2-4')
        return false;
    if (run.context)
        return count <= 12;
    // 71-33-52-22, 60 56 85 91: four or five pairs are how several countries write phone numbers; dates and times
    // have three groups at most.
    if (lengths.every((length) => length === 2))
        return groups.length >= 4 && separator !== '.';
    if (groups.length < 3 || count < 9 || count > 12)
        return false;
    if (lengths.some((length) => length < 2 || length > 4))
        return false;
    if (separator === '.' && isThousandsShaped(groups))
        return false;
    return true;
}
//# sourceMappingURL=phone-rules.js.map