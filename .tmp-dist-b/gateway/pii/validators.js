import { isIP } from 'node:net';
/** Luhn (mod 10) check over a string of digits. */
export function luhnValid(digits) {
    if (!/^\d+$/.test(digits))
        return false;
    let sum = 0;
    let double = false;
    for (let index = digits.length - 1; index >= 0; index -= 1) {
        let digit = digits.charCodeAt(index) - 48;
        if (double) {
            digit *= 2;
            if (digit > 9)
                digit -= 9;
        }
        sum += digit;
        double = !double;
    }
    return sum % 10 === 0;
}
/**
 * Payment card: 13–19 digits passing Luhn (ISO/IEC 7812); 12 when the caller saw a card word nearby (Maestro).
 * All-equal digits are placeholders, and 13 digits starting with 1 are millisecond timestamps (2001–2033), not cards.
 */
export function cardNumberValid(digits, minLength = 13) {
    if (digits.length < minLength || digits.length > 19)
        return false;
    if (digits.length === 13 && digits[0] === '1')
        return false;
    if (/^(\d)\1*$/.test(digits))
        return false;
    return luhnValid(digits);
}
/** IBAN lengths per country (ISO 13616 registry). */
const ibanLengths = {
    AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BI: 27, BR: 29, BY: 28, CH: 21, CR: 22,
    CY: 28, CZ: 24, DE: 22, DJ: 27, DK: 18, DO: 28, EE: 20, EG: 29, ES: 24, FI: 18, FK: 18, FO: 18, FR: 27, GB: 22,
    GE: 22, GI: 23, GL: 18, GR: 27, GT: 28, HR: 21, HU: 28, IE: 22, IL: 23, IQ: 23, IS: 26, IT: 27, JO: 30, KW: 30,
    KZ: 20, LB: 28, LC: 32, LI: 21, LT: 20, LU: 20, LV: 21, LY: 25, MC: 27, MD: 24, ME: 22, MK: 19, MN: 20, MR: 27,
    MT: 31, MU: 30, NI: 28, NL: 18, NO: 15, OM: 23, PK: 24, PL: 28, PS: 29, PT: 25, QA: 29, RO: 24, RS: 22, RU: 33,
    SA: 24, SC: 31, SD: 18, SE: 24, SI: 19, SK: 24, SM: 27, SO: 23, ST: 25, SV: 28, TL: 23, TN: 24, TR: 26, UA: 29,
    VA: 22, VG: 24, XK: 20, YE: 30,
};
export function ibanLength(countryCode) {
    return ibanLengths[countryCode.toUpperCase()];
}
/** ISO 13616 / ISO 7064 mod-97-10 over a compact (no spaces) IBAN of the right length for its country. */
export function ibanValid(compact) {
    const iban = compact.toUpperCase();
    if (!/^[A-Z]{2}\d{2}[A-Z0-9]+$/.test(iban))
        return false;
    if (ibanLength(iban.slice(0, 2)) !== iban.length)
        return false;
    const rearranged = iban.slice(4) + iban.slice(0, 4);
    let remainder = 0;
    for (const char of rearranged) {
        const code = char.charCodeAt(0);
        // Letters count as two digits (A = 10 … Z = 35); fold them in one digit at a time to stay in small integers.
        const value = code >= 65 ? String(code - 55) : char;
        for (const digit of value)
            remainder = (remainder * 10 + (digit.charCodeAt(0) - 48)) % 97;
    }
    return remainder === 1;
}
/**
 * US SSN validity by the SSA's allocation rules: area 001–899 except 666, group 01–99, serial 0001–9999.
 * (Randomised SSNs since 2011 keep exactly these rules.)
 */
export function ssnValid(area, group, serial) {
    if (!/^\d{3}$/.test(area) || !/^\d{2}$/.test(group) || !/^\d{4}$/.test(serial))
        return false;
    const areaNumber = Number(area);
    if (areaNumber === 0 || areaNumber === 666 || areaNumber >= 900)
        return false;
    if (group === '00' || serial === '0000')
        return false;
    return true;
}
/** 4 or 6 for a valid IPv4 / IPv6 literal (zone ids allowed), else 0. */
export function ipVersion(candidate) {
    return isIP(candidate);
}
//# sourceMappingURL=validators.js.map