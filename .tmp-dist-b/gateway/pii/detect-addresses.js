import { POSTAL_ADDRESS } from './address-lexicon.js';
import { cornerStart, secondStreet, streetCoreAt } from './address-streets.js';
import { tailAfter } from './address-tails.js';
import { AddressTokens, unnumberedTypeWord } from './address-tokens.js';
import { execAll } from './exec-all.js';
/*
 * Best-effort street addresses (SEC-PII-5). The core of an address is a street with its house number in one of
 * the layouts people write:
 * - number, name, street type: "221 Baker Street", "1737 Cheriton Dr", "515 385 Gemsbok St";
 * - street type, name, number: "Via Roma 131", "ul. Słowicza 10", "Rua Cidade de Maracajá 468" (a number before
 *   the type is taken too: "731 ul. Miła 57");
 * - one-word street and number: "Snellmaninkatu 55", "Vesterskovvej 79"; name, street word, number: "Villacher
 *   Strasse 89", "Kálmán Imre u. 12.";
 * - capitalised words and a full street type without number: "on Isaac Lodge Street";
 * - after a phrase like "lives at" or "address:", a number and words, or words and a number ("10252 Μεγάλη Άμμος
 *   184", "Pod Floriánem 1677");
 * - post-office and military boxes ("P.O. Box 242", "PSC 9009, Box 9725 APO AA 33274").
 * A core is extended over a second street ("the corner of X and Y") and then over what follows on the same line
 * after a comma or on the next lines: a unit ("Apt. 342"), a city, a region code, a postcode, a country. Every step
 * is a bounded walk over tokens, so the cost is linear in the text.
 */
/** Finds street addresses in `text` given its tokens; pushes STREET_ADDRESS findings. */
export function detectAddresses(tokenized, findings) {
    const { text, tokens } = tokenized;
    // Every layout but the unnumbered "Isaac Lodge Street" has a digit somewhere.
    if (!/\d/.test(text) && !unnumberedTypeWord.test(text))
        return;
    const view = new AddressTokens(tokenized);
    let covered = -1;
    // Every postal form holds one of these words; most text holds none, and the full pattern is costly.
    const postal = /box|[adf]po |\bus[ns]|\buscgc/i.test(text);
    for (const match of postal ? execAll(POSTAL_ADDRESS, text) : []) {
        const first = view.tokenAt(match.index);
        const matchEnd = view.tokenAt(match.index + match[0].length) - 1;
        // A number just before it on the same line is part of it ("45818 P.O. Box 242").
        const start = first > 0 && view.kind(first - 1) === 'number' && view.adjacent(first - 1, first) ? first - 1 : first;
        const last = tailAfter(view, matchEnd);
        findings.push({ type: 'STREET_ADDRESS', category: 'pii', start: view.start(start), end: Math.max(match.index + match[0].length, view.end(last)) });
    }
    for (let index = 0; index < tokens.length; index += 1) {
        if (index <= covered)
            continue;
        const core = streetCoreAt(view, index);
        if (core === undefined)
            continue;
        const last = tailAfter(view, secondStreet(view, core));
        findings.push({ type: 'STREET_ADDRESS', category: 'pii', start: cornerStart(view, index), end: view.end(last) });
        covered = last;
    }
}
//# sourceMappingURL=detect-addresses.js.map