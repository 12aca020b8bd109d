import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { curlCommand } from '../../../src/commands/curl';
import { lab, run, SLEEP } from '../lab/helpers';

// curl against its recordings (tests/fixtures/curl/README.md): Debian's 7.88.1 is the node's curl,
// 8.14.1 the sleep pod's (curlimages/curl). The world has none of the recording's Python servers,
// so the cases are the ones whose other end the world reproduces: nobody on 127.0.0.1:18081 or
// 127.0.0.1:80, no name `nosuch`, nobody answering ARP for 10.244.1.99 (the node routes the pod
// /24 to its bridge, the sleep pod is on it), and for the SYN that is never answered 192.0.2.1
// (outside every network of the world) stands for the recording's dropped 10.244.1.6:81. Times,
// ephemeral ports and the number of idle progress lines vary from run to run: they are normalized,
// as is the caller's pod address.

const FIXTURES = join(import.meta.dirname, '../../fixtures/curl');
const read = (p: string): string => readFileSync(join(FIXTURES, p), 'utf8');

function cases(file: string, percentB: boolean): Map<string, string[]> {
	const out = new Map<string, string[]>();
	for (const line of read(`recorded/${file}`).split('\n')) {
		const bar = line.indexOf('|');
		if (bar < 0) continue;
		const rest = line.slice(bar + 1);
		const words = rest === '' ? [] : rest.split(' ');
		// cases.txt went through printf %b inside $(…): \x20 is a space, a trailing \n is lost.
		out.set(line.slice(0, bar), percentB ? words.map((w) => w.replace(/\\x20/g, ' ').replace(/\\n$/, '')) : words);
	}
	return out;
}
const ARGS = new Map([...cases('cases.txt', true), ...cases('more-cases.txt', false), ...cases('parse-cases.txt', false)]);

const q = (a: string): string => `'${a.replace(/'/g, `'\\''`)}'`;

/** One progress line: \r, three %-and-size pairs, two speeds, three times, the current speed. */
const METER = /\r[ \d]{3} [ \d.kM]{5} {2}[ \d]{3} [ \d.kM]{5} {2}[ \d]{3} [ \d.kM]{5} {2}[ \d.kM]{5} {2}[ \d.kM]{5} [-:\d ]{8} [-:\d ]{8} [-:\d ]{8} [ \d.kM]{5}/g;

function normalize(s: string): string {
	return s
		.replace(METER, '\r<meter>')
		.replace(/(\r<meter>)+/g, '\r<meter>')
		.replace(/after \d+ ms/g, 'after <ms> ms')
		.replace(/after \d+ milliseconds/g, 'after <ms> milliseconds')
		.replace(/from (\S+) port \d+/g, 'from $1 port <port>')
		// The recording's namespace was 10.244.1.5; the sleep pod is 10.244.1.11.
		.replace(/from 10\.244\.1\.\d+ port/g, 'from <pod ip> port')
		.replace(/timeout after \d+ms/g, 'timeout after <ms>ms')
		.replace(/10\.244\.1\.6(:| port )81/g, '192.0.2.1$181');
}

const PLACES = [
	{ version: '7.88.1', at: 'node' },
	{ version: '8.14.1', at: `${SLEEP}/sleep` },
] as const;

const EXACT = ['bogus', 'none', 'o', 'mabc', 'X', 'H', 'ctabc', 'v6bad', 'proto', 'port', 'nohostpart', 'Id', 'h', 'nohost', 'nohostv', 'refuseds', 'wnx', 's9', 'mneg', 'dashdash', 'maxtime_noarg', 'url_noarg', 'pro', 'nomaxtime', 'nine', 'x_noarg', 'verb', 'nosilent'];
const NORMALIZED = ['refused', 'refusedv', 'refusedlh', 'refusedsS', 'refused4', 'ipv6refused', 'hport', 'wrefused', 'wsz', 'arp', 'arpv', 'arpct', 'dropct', 'dropctv', 'dropm'];

describe.each(PLACES)('curl $version against its recording', ({ version, at }) => {
	const curlRun = (name: string): { stdout: string; stderr: string; exitCode: number } => {
		const args = (ARGS.get(name) ?? []).map((a) => a.replace(/10\.244\.1\.6:81/, '192.0.2.1:81'));
		const l = lab({ at, tty: false, extraCommands: [{ factory: curlCommand, where: 'program' }] });
		return run(l, ['curl', ...args.map(q)].join(' '));
	};
	const rec = (name: string, ext: string): string => read(`recorded/${version}/${name}.${ext}`);

	it.each(EXACT)('%s: byte for byte', (name) => {
		const r = curlRun(name);
		expect({ stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode }).toEqual({ stdout: rec(name, 'out'), stderr: rec(name, 'err'), exitCode: Number(rec(name, 'rc')) });
	});

	it.each(NORMALIZED)('%s: the same but for times, ports and idle meter lines', (name) => {
		const r = curlRun(name);
		expect({ stdout: normalize(r.stdout), stderr: normalize(r.stderr), exitCode: r.exitCode }).toEqual({ stdout: normalize(rec(name, 'out')), stderr: normalize(rec(name, 'err')), exitCode: Number(rec(name, 'rc')) });
	});
});

describe('curl -V', () => {
	it('is Debian 7.88.1 on the node, byte for byte', () => {
		const l = lab({ tty: false, extraCommands: [{ factory: curlCommand, where: 'program' }] });
		expect(run(l, 'curl -V')).toEqual({ stdout: read('recorded/7.88.1/V.out'), stderr: '', exitCode: 0 });
	});
});
