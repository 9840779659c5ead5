import { isIPv4, isIPv6 } from 'node:net';
function classifyIpv4(octets) {
    const [a = 0, b = 0] = octets;
    if (a === 169 && b === 254)
        return 'metadata';
    if (a === 0 || // "this network"; connecting to 0.0.0.0 reaches the local host
        a === 10 ||
        a === 127 ||
        (a === 100 && b >= 64 && b <= 127) || // shared address space (carrier-grade NAT)
        (a === 172 && b >= 16 && b <= 31) ||
        (a === 192 && b === 168) ||
        (a === 192 && b === 0 && octets[2] === 0) || // IETF protocol assignments
        (a === 198 && (b === 18 || b === 19)) || // benchmarking
        a >= 224 // multicast, reserved, broadcast
    ) {
        return 'private';
    }
    return 'public';
}
function parseIpv4(text) {
    return text.split('.').map((part) => Number(part));
}
/** Eight 16-bit groups from a valid IPv6 literal (with `::` and an optional dotted IPv4 tail). */
function parseIpv6(text) {
    let literal = text;
    let tail = [];
    const lastColon = literal.lastIndexOf(':');
    if (literal.includes('.', lastColon)) {
        const [a = 0, b = 0, c = 0, d = 0] = parseIpv4(literal.slice(lastColon + 1));
        tail = [(a << 8) | b, (c << 8) | d];
        literal = literal.slice(0, lastColon + 1);
        if (!literal.endsWith('::'))
            literal = literal.slice(0, -1);
    }
    const hex = (group) => parseInt(group, 16);
    const gap = literal.indexOf('::');
    if (gap < 0)
        return [...(literal.length > 0 ? literal.split(':').map(hex) : []), ...tail];
    const head = literal.slice(0, gap);
    const rest = literal.slice(gap + 2);
    const headGroups = head.length > 0 ? head.split(':').map(hex) : [];
    const restGroups = rest.length > 0 ? rest.split(':').map(hex) : [];
    const zeros = new Array(8 - tail.length - headGroups.length - restGroups.length).fill(0);
    return [...headGroups, ...zeros, ...restGroups, ...tail];
}
function classifyIpv6(groups) {
    const [g0 = 0, g1 = 0, g2 = 0, g3 = 0, g4 = 0, g5 = 0, g6 = 0, g7 = 0] = groups;
    const embeddedIpv4 = [g6 >> 8, g6 & 0xff, g7 >> 8, g7 & 0xff];
    const upperZero = g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0;
    // IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d) and NAT64 (64:ff9b::a.b.c.d) reach the IPv4 address.
    if (upperZero && g5 === 0xffff)
        return classifyIpv4(embeddedIpv4);
    if (g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0)
        return classifyIpv4(embeddedIpv4);
    // 6to4 (2002:AABB:CCDD::) embeds an IPv4 address in groups 1-2.
    if (g0 === 0x2002) {
        const sixToFour = classifyIpv4([g1 >> 8, g1 & 0xff, g2 >> 8, g2 & 0xff]);
        if (sixToFour !== 'public')
            return sixToFour;
    }
    if ((g0 & 0xffc0) === 0xfe80)
        return 'metadata'; // link-local fe80::/10
    if (g0 === 0xfd00 && g1 === 0x0ec2 && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0 && g6 === 0 && g7 === 0x254) {
        return 'metadata'; // AWS IMDS over IPv6
    }
    if (upperZero && g5 === 0) {
        if (g6 === 0 && (g7 === 0 || g7 === 1))
            return 'private'; // :: and ::1
        return classifyIpv4(embeddedIpv4);
    }
    if ((g0 & 0xfe00) === 0xfc00)
        return 'private'; // unique local fc00::/7
    if ((g0 & 0xffc0) === 0xfec0)
        return 'private'; // deprecated site-local
    if ((g0 & 0xff00) === 0xff00)
        return 'private'; // multicast
    return 'public';
}
/** Classifies an IP literal (IPv6 with or without brackets); returns undefined for anything else. */
export function classifyIpAddress(address) {
    const bare = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
    if (isIPv4(bare))
        return classifyIpv4(parseIpv4(bare));
    if (isIPv6(bare))
        return classifyIpv6(parseIpv6(bare));
    return undefined;
}
//# sourceMappingURL=network-address.js.map