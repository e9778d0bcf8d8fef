/**
 * Address ranges as security groups and listener-rule `source-ip` conditions write them: IPv4 and
 * IPv6 CIDR blocks, their intersection, and whether a range is one no internet client has.
 */

/** An address range: IPv4 or IPv6 as a number, with its prefix length. */
interface ParsedCidr {
  v6: boolean
  base: bigint
  bits: number
}

function parseCidr(text: string): ParsedCidr | undefined {
  const [address = '', prefix] = text.trim().split('/')
  const v6 = address.includes(':')
  const width = v6 ? 128 : 32
  const bits = prefix === undefined ? width : Number(prefix)
  if (!Number.isInteger(bits) || bits < 0 || bits > width || (prefix !== undefined && !/^\d+$/.test(prefix))) return undefined
  const value = v6 ? parseIpv6(address) : parseIpv4(address)
  if (value === undefined) return undefined
  const host = BigInt(width - bits)
  return { v6, base: (value >> host) << host, bits }
}

function parseIpv4(address: string): bigint | undefined {
  const parts = address.split('.')
  if (parts.length !== 4 || !parts.every((part) => /^\d{1,3}$/.test(part) && Number(part) <= 255)) return undefined
  return parts.reduce((value, part) => (value << 8n) | BigInt(part), 0n)
}

function parseIpv6(address: string): bigint | undefined {
  const halves = address.split('::')
  if (halves.length > 2) return undefined
  const head = halves[0] ? halves[0].split(':') : []
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : []
  const missing = 8 - head.length - tail.length
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail]
  if (!groups.every((group) => /^[0-9a-f]{1,4}$/i.test(group))) return undefined
  return groups.reduce((value, group) => (value << 16n) | BigInt(parseInt(group, 16)), 0n)
}

function contains(outer: ParsedCidr, inner: ParsedCidr): boolean {
  if (outer.v6 !== inner.v6 || outer.bits > inner.bits) return false
  const host = BigInt((outer.v6 ? 128 : 32) - outer.bits)
  return inner.base >> host === outer.base >> host
}

/** The common part of two ranges (the narrower, when one holds the other); undefined when they do not meet. */
export function intersect(a: string, b: string): string | undefined {
  const left = parseCidr(a)
  const right = parseCidr(b)
  if (!left || !right) return a.trim() === b.trim() ? a : undefined
  if (contains(left, right)) return b
  if (contains(right, left)) return a
  return undefined
}

/** 0.0.0.0/0 or ::/0: every address. */
export function isOpenCidr(cidr: string): boolean {
  return parseCidr(cidr)?.bits === 0
}

const PRIVATE_RANGES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', '127.0.0.0/8', '169.254.0.0/16', 'fc00::/7', 'fe80::/10', '::1/128'].map(
  (cidr) => parseCidr(cidr)!,
)

/** Inside a range no internet client has: RFC 1918, shared address space, loopback, link-local, IPv6 unique local. */
export function isPrivateCidr(cidr: string): boolean {
  const range = parseCidr(cidr)
  return range !== undefined && PRIVATE_RANGES.some((outer) => contains(outer, range))
}
