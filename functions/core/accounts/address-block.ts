import { isIP } from 'node:net';

/**
 * The block of addresses one subscriber controls, as the per-address login lockout counts them:
 * an IPv4 address alone, but an IPv6 address by its /64 (a home or office line is usually given a
 * whole /64, so counting single IPv6 addresses would let one guesser rotate through 2^64 of them).
 * IPv4-mapped IPv6 (`::ffff:203.0.113.7`) counts as the IPv4 address. Anything else is returned
 * as it is.
 */
export function addressBlock(ip: string): string {
  if (isIP(ip) !== 6) return ip;
  const groups = ipv6Groups(ip.toLowerCase());
  if (!groups) return ip;
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return [groups[6]! >> 8, groups[6]! & 0xff, groups[7]! >> 8, groups[7]! & 0xff].join('.');
  }
  return `${groups
    .slice(0, 4)
    .map((g) => g.toString(16))
    .join(':')}::/64`;
}

/** The eight 16-bit groups of a valid IPv6 address (zone id dropped, `::` and a dotted IPv4 tail expanded). */
function ipv6Groups(ip: string): number[] | undefined {
  const [head = '', tail, extra] = ip.split('%')[0]!.split('::');
  if (extra !== undefined) return undefined;
  const parts = (s: string) => (s === '' ? [] : s.split(':'));
  const left = parts(head);
  const right = tail === undefined ? [] : parts(tail);
  const last = tail === undefined ? left : right;
  const dotted = last.at(-1)?.includes('.') ? last.pop()!.split('.').map(Number) : undefined;
  const hex = [
    ...left,
    ...(tail === undefined ? [] : Array<string>(8 - left.length - right.length - (dotted ? 2 : 0)).fill('0')),
    ...right,
  ].map((g) => parseInt(g, 16));
  if (dotted) hex.push((dotted[0]! << 8) | dotted[1]!, (dotted[2]! << 8) | dotted[3]!);
  return hex.length === 8 && hex.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? hex : undefined;
}
