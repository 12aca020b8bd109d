// Table-driven tests of the small pieces: counters, dates, the restore tokenizer, tool names,
// address text, and the rule data shape the evaluation engine builds on.

import { describe, expect, it } from 'vitest';
import { formatBytes } from '../../../src/netfilter/addr';
import { parseCommandLine } from '../../../src/netfilter/cmdline';
import { humanCount } from '../../../src/netfilter/render-list';
import { ctime } from '../../../src/netfilter/render-save';
import { tokenize } from '../../../src/netfilter/restore';
import { identify } from '../../../src/netfilter/tool';
import { etcResolver } from './fixtures';

describe('humanCount (iptables -L -v without -x)', () => {
	it.each([
		[0n, '0'],
		[99999n, '99999'],
		[100000n, '100K'],
		[100499n, '100K'],
		[100500n, '101K'],
		[9999499n, '9999K'],
		[9999500n, '10M'],
		[1234567890123n, '1235G'],
		[98765432109876543n, '98765T'],
		[18446744073709551615n, '0K'],
	])('%s -> %s', (n, text) => expect(humanCount(n)).toBe(text));
});

describe('ctime (iptables-save header)', () => {
	it.each([
		[Date.UTC(2026, 10, 21, 5, 13, 51), 'Sat Nov 21 05:13:51 2026'],
		[Date.UTC(2026, 0, 5, 0, 0, 0), 'Mon Jan  5 00:00:00 2026'],
	])('%s', (ms, text) => expect(ctime(new Date(ms))).toBe(text));
});

describe('tokenize (iptables-restore lines)', () => {
	it.each([
		['-A INPUT -j ACCEPT\n', ['-A', 'INPUT', '-j', 'ACCEPT']],
		['-m comment --comment "two words"\n', ['-m', 'comment', '--comment', 'two words']],
		['--comment "x\\"y"\n', ['--comment', 'x"y']],
		['--comment ""\n', ['--comment', '']],
		['--comment "open -j ACCEPT\n', ['--comment', 'open -j ACCEPT\n']],
		["--comment 'single quoted'\n", ['--comment', "'single", "quoted'"]],
		['\t-A\tX  \n', ['-A', 'X']],
	])('%j', (line, tokens) => expect(tokenize(line)).toEqual(tokens));
});

describe('identify (argv[0])', () => {
	it.each([
		['iptables', { family: 'ipv4', backend: 'nft', kind: 'main' }],
		['/usr/sbin/ip6tables-legacy-save', { family: 'ipv6', backend: 'legacy', kind: 'save' }],
		['iptables-nft-restore', { family: 'ipv4', backend: 'nft', kind: 'restore' }],
		['iptables-restore', { family: 'ipv4', backend: 'nft', kind: 'restore' }],
	])('%s', (name, want) => expect(identify(name)).toMatchObject(want));
	it('rejects other names', () => expect(identify('nft')).toBeUndefined());
});

describe('formatBytes (inet_ntop)', () => {
	it.each([
		[[10, 0, 0, 1], '10.0.0.1'],
		[[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1], '::1'],
		[[32, 1, 13, 184, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1], '2001:db8::1:0:0:1'],
		[[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 255, 255, 1, 2, 3, 4], '::ffff:1.2.3.4'],
		[[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], '::'],
	])('%j', (bytes, text) => expect(formatBytes(bytes)).toBe(text));
});

describe('rule data shape (what the evaluation engine reads)', () => {
	const parse = (argv: string[]) =>
		parseCommandLine(argv, { family: 'ipv4', backend: 'nft', resolver: etcResolver('materialized'), inRestore: false, warn: () => undefined });

	it('keeps header fields apart from extensions, in load order', () => {
		const r = parse(['-A', 'ISTIO_OUTPUT', '-o', 'lo', '!', '-d', '127.0.0.1/32', '-p', 'tcp', '!', '--dport', '15008', '-m', 'owner', '--uid-owner', 'istio-proxy', '-j', 'ISTIO_IN_REDIRECT']);
		expect(r.ok && r.value.rule).toEqual({
			outIface: { name: 'lo', invert: false },
			dst: { address: '127.0.0.1', prefix: 32, mask: '255.255.255.255', invert: true },
			protocol: { number: 6, invert: false },
			matches: [
				{ name: 'tcp', data: { dport: { range: { lo: 15008, hi: 15008 }, invert: true } } },
				{ name: 'owner', data: { uid: { lo: 1337, hi: 1337, invert: false } } },
			],
			target: { kind: 'jump', chain: 'ISTIO_IN_REDIRECT', goto: false },
			counters: { packets: 0n, bytes: 0n },
		});
	});

	it.each([
		[['-j', 'REDIRECT', '--to-port', '15001', '-p', 'tcp'], { kind: 'extension', name: 'REDIRECT', data: { random: false, ports: { lo: 15001, hi: 15001 } } }],
		[['-j', 'MARK', '--set-mark', '1338'], { kind: 'extension', name: 'MARK', data: { value: 1338, mask: 0xffffffff, set: true } }],
		[['-j', 'RETURN'], { kind: 'verdict', verdict: 'RETURN' }],
		[['-g', 'ISTIO_REDIRECT'], { kind: 'jump', chain: 'ISTIO_REDIRECT', goto: true }],
	])('target %j', (argv, target) => {
		const r = parse(['-A', 'X', ...argv]);
		expect(r.ok && r.value.rule.target).toEqual(target);
	});
});
