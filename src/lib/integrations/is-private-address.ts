import ipaddr from 'ipaddr.js';

/**
 * True for an address a webhook must not reach in production: loopback, private networks,
 * link-local (cloud metadata at 169.254.169.254), unique-local, carrier-grade NAT, multicast,
 * unspecified and reserved ranges; IPv4-mapped IPv6 is judged as the IPv4 address it carries.
 * Anything that is not an IP address is not judged here (false).
 */
export function isPrivateAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, '');
  if (!ipaddr.isValid(bare)) return false;
  let parsed = ipaddr.parse(bare);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  return parsed.range() !== 'unicast';
}
