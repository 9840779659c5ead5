import { PhraseSet } from './phrase-set.js';
/*
 * Street vocabulary for best-effort street-address detection (SEC-PII-5), written by hand from the address
 * conventions of the languages covered. All lower case.
 */
function words(list) {
    return new Set(list.split(/\s+/).filter((word) => word.length > 0));
}
/** Street types written after the street name: "12 Main Street", "5 Oak Ave", "22 Pollen Crescent". */
export const STREET_SUFFIXES = words(`street streets st str road roads rd avenue ave av boulevard blvd bvd bd lane ln drive dr drv court ct courts place
  pl square sq terrace ter terr crescent cres cr close cl way wy parkway pkwy highway hwy freeway fwy expressway
  expy motorway circle cir circus trail trl alley aly row mews grove gr gardens gdns garden walk parade pde esplanade
  quay wharf turnpike tpke pike causeway bypass route rte loop path pass point points ridge run spur summit track
  trace vista view views village ville green gate gates field fields falls ford fords forge fork forks fort haven
  harbor harbour hollow inlet isle junction jct key keys knoll knolls lakes landing lodge manor meadow meadows mill
  mills mount mountain orchard oval overpass pines plains prairie ranch rapids rest shoal shore shores skyway spring
  springs stream underpass valley viaduct cliffs cliff cove creek crest crossing curve dale dam divide estate estates
  extension extensions flat flats glen glens common commons corner corners course cape branch brook brooks bridge
  bluff bluffs bend beach camp canyon heights hts hill hills plaza plz broadway promenade rise chase grange wynd
  end brae vale copse dene fold garth nook greens parks club lodge mall flats isle`);
/** Street types written before the street name: "Rue de la Paix", "Via Roma 131", "ul. Słowicza 10". */
export const STREET_PREFIXES = words(`rue rúa avenue av avda avenida calle c/ carrer camino paseo plaza pl praça praca rua travessa tv estrada largo
  alameda rodovia via viale vicolo piazza piazzale piazzetta corso strada contrada borgo lungomare salita ul ulica
  al aleja plac os osiedle bulwar boulevard bd bld chemin route allée allee impasse quai cours sentier square cité
  cite rond-point place str odos leoforos οδός οδος λεωφόρος λεωφ πλατεία ulitsa ul. prospekt pr-t naberezhnaya
  pereulok bulevar trg cesta ulice náměstí nám třída sokak sokağı caddesi cad bulvar bulvarı jalan jl calea strada
  bulevardul aleea piata`);
/**
 * Endings of one-word street names in Germanic, Nordic, Finnic, Baltic and Central European languages:
 * "Snellmaninkatu 55", "Vesterskovvej 79", "Populierenstraat 374", "Ziegelgasse 4".
 */
export const COMPOUND_STREET_ENDING = /(?:straße|strasse|str|weg|gasse|platz|allee|damm|ufer|chaussee|steig|pfad|stieg|markt|straat|laan|plein|gracht|kade|singel|dijk|dreef|gade|vej|vænget|stræde|torv|plads|gatan|vägen|väg|gata|gränd|torget|veien|vegen|vei|veg|stien|stig|katu|tie|kuja|polku|kaari|rinne|väylä|tänav|maantee|põik|puiestee|iela|gatvė|prospektas|utca|útja|körút|köz|sétány|tér|ulica|cesta|ulice|třída|náměstí|vegur|braut|stígur|tröð|gasse|sokak|caddesi|bulvarı)$/;
/** Separate words that end a street name in those languages: "Villacher Strasse 89", "Luite tee 87". */
export const STREET_WORDS_BEFORE_NUMBER = words(`straße strasse str gasse weg platz allee ring damm ufer markt straat laan plein gracht kade gade vej stræde
  gatan vägen gata gate vei veg veien katu tie kuja tee tänav utca u út útja tér körút krt rkp rakpart köz sor
  sétány ulica cesta ulice náměstí vegur braut sokak caddesi terrasse street road avenue`);
/** Unit designators after a street: "Apt. 342", "Suite 967", "Unit 5", "Flat 2B". */
export const UNIT_WORDS = words(`apt apartment suite ste unit flat fl floor room rm box bldg building lot no nr dept`);
/** Military and post-office lines: "PSC 9009, Box 9725", "Unit 5477 Box 8244", "APO AA 33274", "P.O. Box 242". */
export const POSTAL_ADDRESS = /\b(?:(?:PSC|CMR|Unit) \d{1,5},? Box \d{1,5}|P\.? ?O\.? Box \d{1,6}|Post Office Box \d{1,6}|(?:USNS|USNV|USS|USCGC) \p{Lu}[\p{L}'’-]{1,30}(?: \p{Lu}[\p{L}'’-]{1,30})?)(?:,? ?\n?[ \t]{0,4}[>?]{0,4}[ \t]{0,4}(?:APO|FPO|DPO) (?:AA|AE|AP) \d{5})?|\b(?:APO|FPO|DPO) (?:AA|AE|AP) \d{5}\b/giu;
/** Phrases after which a house number and street are an address even without a street type. */
export const ADDRESS_CUES = new PhraseSet([
    'lives at', 'live at', 'lives on', 'live on', 'lives in', 'live in', 'lived in', 'lived at', 'living at', 'located at',
    'located on', 'located in', 'address', 'addresses', 'address is', 'home is at', 'send it to', 'send them to',
    'send this to', 'send to', 'ship to', 'ship it to', 'shipped to', 'deliver to', 'deliver it to', 'delivered to',
    'return to', 'return it to', 'meet me at', 'drops you off at', 'drop you off at', 'arrived at', 'is at', 'is on',
    'moved to', 'staying at', 'office is at', 'offices are at', 'office is on', 'based at', 'here they are', 'sent to',
    'went to', 'was at', 'corner of',
]);
/** Capitalised words that may be part of a place line ("New Zealand", "United Kingdom", "South Africa"). */
export const PLACE_WORDS = new Set(`new north south east west northern southern eastern western upper lower great little saint san santa united
  kingdom states republic federal island islands city town county district province region central old`.split(/\s+/));
/** Lower-case words inside street and place names ("Jiřího z Poděbrad", "Ostrov nad Ohří", "rue de la Paix"). */
export const STREET_PARTICLES = new Set(`de del della dei di da das dos do du des la le les l d von van der den ten ter am an im auf zum zur z u nad pod
  na w of the y e i a`.split(/\s+/));
/** Full street-type words that make "Capitalised Words + type" a street even without a house number. */
export const UNNUMBERED_STREET_TYPES = new Set(['street', 'avenue', 'road', 'boulevard', 'lane']);
/** Line labels that end an address tail ("Mobile:", "Phone", "Fax"). */
export const LABEL_WORDS = new Set('mobile phone fax desk tel telephone email e-mail cell office home work name address'.split(' '));
//# sourceMappingURL=address-lexicon.js.map