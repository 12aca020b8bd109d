// The `trace` command: whole outputs against golden files (tests/fixtures/trace/*.golden;
// UPDATE_GOLDEN=1 rewrites them, and the diff is reviewed like code), usage errors worded exactly,
// and the world it leaves behind (counters and conntrack as a real first packet leaves them).

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runConntrack } from '../../../src/commands/conntrack';
import { runTrace, type TraceContext } from '../../../src/commands/trace';
import { MESSAGES } from '../../../src/commands/trace/messages';
import { runXtables } from '../../../src/netfilter/tool';
import { FIXTURES, inputRules, POD_ENV, sidecarState } from '../../helpers/pod';

const GOLDEN = join(FIXTURES, 'trace');
const BASE: TraceContext = { lang: 'en', state: sidecarState(), now: 0, random: () => 0.25 };

function golden(name: string, text: string): string {
	const file = join(GOLDEN, `${name}.golden`);
	if (process.env.UPDATE_GOLDEN === '1' || !existsSync(file)) {
		mkdirSync(GOLDEN, { recursive: true });
		writeFileSync(file, text);
	}
	return readFileSync(file, 'utf8');
}

describe('trace output', () => {
	it.each<[string, string[], Partial<TraceContext>]>([
		['outbound-service.en', ['10.244.1.5', '10.96.0.50:9080'], {}],
		['outbound-service.zh', ['10.244.1.5', '10.96.0.50:9080'], { lang: 'zh' }],
		['inbound-app.en', ['--in', 'eth0', '10.244.1.6:41000', '10.244.1.5:9080'], {}],
		['inbound-app.zh', ['--in', 'eth0', '10.244.1.6:41000', '10.244.1.5:9080'], { lang: 'zh' }],
		['envoy-handoff.en', ['--uid', '1337', '127.0.0.6:40000', '10.244.1.5:9080'], {}],
		['envoy-upstream.en', ['--uid', '1337', '10.244.1.5', '10.244.1.6:9080'], {}],
		['hairpin.zh', ['--uid', '1337', '10.244.1.5:40000', '10.244.1.5:9080'], { lang: 'zh' }],
		['uid0-own-pod-ip.en', ['10.244.1.5', '10.244.1.5:9080'], {}],
		['udp-dns.en', ['-p', 'udp', '10.244.1.5', '10.96.0.10:53'], {}],
		['refused.en', ['--in', 'eth0', '10.244.1.6', '10.244.1.5:15008'], {}],
		['tproxy-inbound.en', ['--in', 'eth0', '10.244.1.6:41000', '10.244.1.5:9080'], { state: sidecarState(inputRules('tproxy'), { tproxy: true }) }],
		['tproxy-inbound.zh', ['--in', 'eth0', '10.244.1.6:41000', '10.244.1.5:9080'], { lang: 'zh', state: sidecarState(inputRules('tproxy'), { tproxy: true }) }],
		['no-sockets.en', ['--in', 'eth0', '10.244.1.6:41000', '10.244.1.5:9080'], { state: sidecarState(inputRules('sidecar-init-default'), { sockets: false }) }],
	])('%s', (name, args, tweak) => {
		const r = runTrace(['trace', ...args], { ...BASE, ...tweak });
		expect(r.stderr).toBe('');
		expect(r.exitCode).toBe(0);
		expect(r.stdout).toBe(golden(name, r.stdout));
	});

	it.each(['en', 'zh'] as const)('--help (%s)', (lang) => {
		const r = runTrace(['trace', '--help'], { ...BASE, lang });
		expect(r.stdout).toBe(golden(`help.${lang}`, r.stdout));
	});
});

describe('usage errors', () => {
	const usage = 'usage: trace [-p tcp|udp] [--in IFACE] [--uid N] [--gid N] SRC[:PORT] DST:PORT\nTry \'trace --help\' for more information.\n';
	it.each<[string[], string]>([
		[[], 'missing source address'],
		[['10.244.1.5'], 'missing destination'],
		[['10.244.1.5', '10.96.0.50'], "missing port in destination '10.96.0.50' (write it as ADDRESS:PORT, e.g. 10.96.0.50:9080)"],
		[['10.244.1.5', '10.96.0.500:80'], "invalid address '10.96.0.500'"],
		[['10.244.1.5', 'service:80'], "invalid address 'service'"],
		[['10.244.1.5', '10.96.0.50:0'], "invalid port '0' (use a number from 1 to 65535)"],
		[['10.244.1.5:http', '10.96.0.50:80'], "invalid port 'http' (use a number from 1 to 65535)"],
		[['--in', 'eth1', '10.244.1.6', '10.244.1.5:80'], "unknown interface 'eth1' (this pod has: lo, eth0)"],
		[['--in'], "option '--in' needs a value"],
		[['-p', 'icmp', '10.244.1.5', '10.96.0.50:80'], "unknown protocol 'icmp' (use tcp or udp)"],
		[['--uid', 'envoy', '10.244.1.5', '10.96.0.50:80'], "invalid --uid 'envoy' (use a number)"],
		[['--verbose', '10.244.1.5', '10.96.0.50:80'], "unknown option '--verbose'"],
		[['--in', 'eth0', '--uid', '1337', '10.244.1.6', '10.244.1.5:80'], '--in describes a packet arriving from outside; --uid and --gid describe a local process. Use one or the other.'],
		[['10.244.1.6', '10.244.1.5:80'], '10.244.1.6 is not an address of this pod, so a local process cannot send from it (to trace a packet arriving from 10.244.1.6, add --in eth0)'],
		[['10.244.1.5', '[fd00::1]:80'], "IPv6 is not simulated yet: '[fd00::1]:80'"],
		[['10.244.1.5', '10.96.0.50:80', 'extra'], "unexpected argument 'extra'"],
	])('trace %j', (args, message) => {
		const r = runTrace(['trace', ...args], BASE);
		expect(r).toEqual({ stdout: '', stderr: `trace: ${message}\n${usage}`, exitCode: 2, state: BASE.state });
	});

	it('speaks Chinese in a Chinese terminal', () => {
		const r = runTrace(['trace', '--in', 'eth1', '10.244.1.6', '10.244.1.5:80'], { ...BASE, lang: 'zh' });
		expect(r.stderr).toBe(
			'trace: 没有名为“eth1”的网卡（本 Pod 的网卡有：lo, eth0）\n用法：trace [-p tcp|udp] [--in 网卡] [--uid N] [--gid N] 源地址[:端口] 目的地址:端口\n运行 trace --help 查看更多说明。\n',
		);
	});

	it('has every message in both languages', () => {
		expect(Object.keys(MESSAGES.zh).sort()).toEqual(Object.keys(MESSAGES.en).sort());
		for (const [k, v] of Object.entries(MESSAGES.en)) expect(new Set(MESSAGES.zh[k as keyof typeof MESSAGES.zh].match(/\{\w+\}/g)), k).toEqual(new Set(v.match(/\{\w+\}/g)));
	});
});

describe('what a trace leaves behind', () => {
	it('explains a second SYN of the same inbound connection: NAT comes from its conntrack entry', () => {
		const args = ['trace', '--in', 'eth0', '10.244.1.6:41000', '10.244.1.5:9080'];
		const first = runTrace(args, BASE);
		const again = runTrace(args, { ...BASE, state: first.state });
		expect(again.stdout).toBe(golden('inbound-again.en', again.stdout));
		expect(again.stdout).not.toContain('on its way out');
		expect(again.stdout).toContain('nat PREROUTING: not consulted, an earlier packet of this connection already set up its NAT');
	});

	it('counts the first packet and leaves an unreplied conntrack entry, like a real SYN', () => {
		const first = runTrace(['trace', '10.244.1.5', '10.96.0.50:9080'], BASE);
		const second = runTrace(['trace', '--in', 'eth0', '10.244.1.6:41000', '10.244.1.5:9080'], { ...BASE, state: first.state });
		const save = runXtables(['iptables-save', '-c', '-t', 'nat'], '', second.state.netfilter, POD_ENV).result.stdout;
		expect(save.split('\n').filter((l) => l.startsWith('[') && !l.startsWith('[0:0]'))).toEqual([
			'[1:60] -A PREROUTING -p tcp -j ISTIO_INBOUND',
			'[1:60] -A OUTPUT -j ISTIO_OUTPUT',
			'[1:60] -A ISTIO_INBOUND -p tcp -j ISTIO_IN_REDIRECT',
			'[1:60] -A ISTIO_IN_REDIRECT -p tcp -j REDIRECT --to-ports 15006',
			'[1:60] -A ISTIO_OUTPUT -j ISTIO_REDIRECT',
			'[1:60] -A ISTIO_REDIRECT -p tcp -j REDIRECT --to-ports 15001',
		]);
		expect(runConntrack(['conntrack', '-L'], second.state.conntrack, 0).stdout).toBe(
			'tcp      6 119 SYN_SENT src=10.244.1.5 dst=10.96.0.50 sport=39826 dport=9080 [UNREPLIED] src=127.0.0.1 dst=10.244.1.5 sport=15001 dport=39826 mark=0 use=1\n' +
				'tcp      6 119 SYN_SENT src=10.244.1.6 dst=10.244.1.5 sport=41000 dport=9080 [UNREPLIED] src=10.244.1.5 dst=10.244.1.6 sport=15006 dport=41000 mark=0 use=1\n',
		);
	});
});
