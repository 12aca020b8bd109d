// Go net/netip parsing as istio-iptables reports it for -i/-x values, and netip's formatting
// (which is what ends up in the rules: host bits are kept, IPv6 is RFC 5952).

import { describe, expect, it } from 'vitest';
import { formatPrefix, parsePrefix, separateV4V6 } from '../../../src/istio-iptables';

describe('netip.ParsePrefix errors', () => {
	const cases: [string, string][] = [
		['10.0.0.0', `netip.ParsePrefix("10.0.0.0"): no '/'`],
		['10.0.0/8', `netip.ParsePrefix("10.0.0/8"): ParseAddr("10.0.0"): IPv4 address too short`],
		['10.0.0.0.0/8', `netip.ParsePrefix("10.0.0.0.0/8"): ParseAddr("10.0.0.0.0"): IPv4 address too long`],
		['10.0.0.256/32', `netip.ParsePrefix("10.0.0.256/32"): ParseAddr("10.0.0.256"): IPv4 field has value >255`],
		['10.01.0.0/16', `netip.ParsePrefix("10.01.0.0/16"): ParseAddr("10.01.0.0"): IPv4 field has octet with leading zero`],
		['10..0.0/16', `netip.ParsePrefix("10..0.0/16"): ParseAddr("10..0.0"): IPv4 field must have at least one digit (at ".0.0")`],
		['10.0.0.x/8', `netip.ParsePrefix("10.0.0.x/8"): ParseAddr("10.0.0.x"): unexpected character (at "x")`],
		[' 10.0.0.0/8', `netip.ParsePrefix(" 10.0.0.0/8"): ParseAddr(" 10.0.0.0"): unexpected character (at " 10.0.0.0")`],
		['10.0.0.0/33', `netip.ParsePrefix("10.0.0.0/33"): prefix length out of range`],
		['10.0.0.0/08', `netip.ParsePrefix("10.0.0.0/08"): bad bits after slash: "08"`],
		['10.0.0.0/', `netip.ParsePrefix("10.0.0.0/"): bad bits after slash: ""`],
		['foo/8', `netip.ParsePrefix("foo/8"): ParseAddr("foo"): unable to parse IP`],
		['2001:db8::/129', `netip.ParsePrefix("2001:db8::/129"): prefix length out of range`],
		['2001:db8:::/32', `netip.ParsePrefix("2001:db8:::/32"): ParseAddr("2001:db8:::"): each colon-separated field must have at least one digit (at ":")`],
		['1::2::3/64', `netip.ParsePrefix("1::2::3/64"): ParseAddr("1::2::3"): multiple :: in address (at ":3")`],
		['fe80::1%eth0/64', `netip.ParsePrefix("fe80::1%eth0/64"): IPv6 zones cannot be present in a prefix`],
		['2001:db8:0:0:0:0:0:0:1/64', `netip.ParsePrefix("2001:db8:0:0:0:0:0:0:1/64"): ParseAddr("2001:db8:0:0:0:0:0:0:1"): trailing garbage after address (at "1")`],
	];
	it.each(cases)('%s', (input, message) => {
		expect(parsePrefix(input)).toEqual({ ok: false, error: message });
	});
});

describe('Prefix.String()', () => {
	const cases: [string, string][] = [
		['10.1.2.3/8', '10.1.2.3/8'],
		['2001:DB8:0:0:0:0:0:1/64', '2001:db8::1/64'],
		['2001:db8:0:1:0:0:0:1/64', '2001:db8:0:1::1/64'],
		['0:0:0:0:0:0:0:0/0', '::/0'],
		['::127.0.0.53/128', '::7f00:35/128'],
		['::ffff:10.0.0.1/128', '::ffff:10.0.0.1/128'],
		['2001:db8:1:0:1:0:0:1/64', '2001:db8:1:0:1::1/64'],
	];
	it.each(cases)('%s -> %s', (input, printed) => {
		const p = parsePrefix(input);
		if (!p.ok) throw new Error(p.error);
		expect(formatPrefix(p.value)).toBe(printed);
	});
});

describe('config.SeparateV4V6', () => {
	it('splits a mixed list and flags loopback ranges', () => {
		expect(separateV4V6('10.0.0.0/8,2001:db8::/32,127.0.0.0/8,,::1/128')).toEqual({
			ok: true,
			value: {
				ipv4: { isWildcard: false, cidrs: ['10.0.0.0/8', '127.0.0.0/8'], hasLoopback: true },
				ipv6: { isWildcard: false, cidrs: ['2001:db8::/32', '::1/128'], hasLoopback: true },
			},
		});
	});
	it('treats * as a wildcard for both families', () => {
		expect(separateV4V6('*')).toEqual({
			ok: true,
			value: {
				ipv4: { isWildcard: true, cidrs: [], hasLoopback: false },
				ipv6: { isWildcard: true, cidrs: [], hasLoopback: false },
			},
		});
	});
});
