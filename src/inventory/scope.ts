// Where an IP address points: the scopes the inventory reports for a remote endpoint.
import ipaddr from 'ipaddr.js';

export type AddressScope = 'public' | 'private' | 'loopback' | 'link-local' | 'unspecified';

/**
 * Classifies an address with ipaddr.js's range tables. Private covers RFC 1918, carrier-grade NAT and
 * IPv6 unique-local; IPv4-mapped IPv6 addresses are classified by their IPv4 part. Anything routable
 * or not otherwise special (including multicast and reserved ranges) is public. Unparseable input is
 * 'unspecified'.
 */
export function classifyAddress(ip: string): AddressScope {
  let scope = recent.get(ip);
  if (scope === undefined) {
    scope = classify(ip);
    // A job talks to few addresses many times: remember them, within bounds.
    if (recent.size >= MAX_REMEMBERED) recent.clear();
    recent.set(ip, scope);
  }
  return scope;
}

const MAX_REMEMBERED = 4096;
const recent = new Map<string, AddressScope>();

function classify(ip: string): AddressScope {
  if (!ipaddr.isValid(ip)) return 'unspecified';
  let address = ipaddr.parse(ip);
  if (address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress()) {
    address = (address as ipaddr.IPv6).toIPv4Address();
  }
  switch (address.range()) {
    case 'unspecified':
      return 'unspecified';
    case 'loopback':
      return 'loopback';
    case 'linkLocal':
      return 'link-local';
    case 'private':
    case 'uniqueLocal':
    case 'carrierGradeNat':
      return 'private';
    default:
      return 'public';
  }
}
