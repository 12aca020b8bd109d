// The labs behind `<Lab scenario>`: the factory, the rules they start from, and the rules lab the
// page builds, which must behave as the CLI's (`sidecar-lab --rules`) for every command it has.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES_LAB_TOOLS } from '../../../src/components/lab/rules-session';
import { createLabSession } from '../../../src/components/lab/sessions';
import { SIDECAR_INIT_DEFAULT_V4 } from '../../../src/data/lab-rules';
import { labData } from '../../../src/components/lab/lab-data-build';
import { checkLabProps, LAB_SCENARIOS, WORLD_LABS } from '../../../src/data/labs';
import { createRulesLab } from '../../../src/lab/rules-lab';
import { standardRegistry } from '../../../src/shell/commands';

const FIXTURE = join(import.meta.dirname, '../../fixtures/iptables/materialized/inputs/sidecar-init-default.v4.restore');

async function session(lang: 'en' | 'zh' = 'en') {
	const made = await createLabSession('recorder-pod', { at: undefined, lang });
	if (!made.ok) throw new Error(made.error);
	return made.session;
}

describe('lab sessions', () => {
	it('the rules the lab ships are the vendored istio-init defaults, byte for byte', () => {
		expect(SIDECAR_INIT_DEFAULT_V4).toBe(readFileSync(FIXTURE, 'utf8'));
	});

	it('recorder-pod: a root shell in the sidecar pod, with the rules loaded', async () => {
		const s = await session();
		expect(s.prompt()).toBe('\x1b[01;32mroot@sidecar-pod\x1b[00m:\x1b[01;34m~\x1b[00m# ');
		expect(s.run('iptables -t nat -S | head -3')).toMatchObject({ stdout: '-P PREROUTING ACCEPT\n-P INPUT ACCEPT\n-P OUTPUT ACCEPT\n', stderr: '', exitCode: 0 });
		expect(s.run('iptables -t nat -S ISTIO_INBOUND').stdout).toBe(
			'-N ISTIO_INBOUND\n-A ISTIO_INBOUND -p tcp -m tcp --dport 15008 -j RETURN\n-A ISTIO_INBOUND -p tcp -m tcp --dport 15090 -j RETURN\n-A ISTIO_INBOUND -p tcp -m tcp --dport 15021 -j RETURN\n-A ISTIO_INBOUND -p tcp -m tcp --dport 15020 -j RETURN\n-A ISTIO_INBOUND -p tcp -j ISTIO_IN_REDIRECT\n',
		);
	});

	it('Reset brings the rules back', async () => {
		const s = await session();
		s.run('iptables -t nat -F');
		expect(s.run('iptables -t nat -S | wc -l').stdout).toBe('8\n');
		s.reset();
		expect(s.run('iptables -t nat -S | wc -l').stdout).toBe('26\n');
	});

	it('completes commands, chains and files', async () => {
		const s = await session();
		expect(s.complete('iptables-sa', 11)).toMatchObject({ from: 0, candidates: ['iptables-save'] });
		expect(s.complete('cat /etc/pas', 12)).toMatchObject({ from: 4, candidates: ['/etc/passwd'] });
	});

	it.each([
		'iptables -t nat -L -n -v --line-numbers',
		'iptables-save',
		'iptables -t nat -S | grep REDIRECT | sort',
		'istio-iptables -p 15001 -z 15006 -u 1337 -m REDIRECT -i "*" -b "*" --dry-run',
		'trace --help',
		'conntrack -L',
		'cat /etc/resolv.conf /etc/hosts',
		'ls -l /etc',
		'iptables -t nat -S | awk \'{print $2}\' | uniq -c',
		'iptables -t nat -F; iptables -t nat -S',
		'nosuchcommand',
	])('behaves as the CLI rules lab: %s', async (line) => {
		const cli = createRulesLab({ rules: SIDECAR_INIT_DEFAULT_V4, tty: true });
		if (!cli.ok) throw new Error(cli.error);
		const page = await createLabSession('recorder-pod', { at: undefined, lang: 'en' });
		if (!page.ok) throw new Error(page.error);
		const a = page.session.run(line);
		const b = cli.lab.shell.run(line);
		expect({ stdout: a.stdout, stderr: a.stderr, exitCode: a.exitCode }).toEqual({ stdout: b.stdout, stderr: b.stderr, exitCode: b.exitCode });
	});

	it('has every shell tool but jq (no JSON in this lab; 12 KB of the budget)', () => {
		const all = standardRegistry();
		const names = (specs: readonly { name: string }[]) => specs.map((s) => s.name).sort();
		const standard = ['awk', 'cat', 'cd', 'clear', 'cut', 'echo', 'exit', 'export', 'false', 'grep', 'head', 'help', 'history', 'jq', 'ls', 'printf', 'pwd', 'sed', 'seq', 'sleep', 'sort', 'tail', 'tee', 'tr', 'true', 'type', 'uniq', 'unset', 'wc', 'which', 'xargs', 'yes'];
		expect(standard.every((n) => all.get(n) !== undefined)).toBe(true);
		expect(names(RULES_LAB_TOOLS)).toEqual(standard.filter((n) => n !== 'jq'));
	});

	it.each([
		['en', 'Commands in this terminal:'],
		['zh', '本终端可用的命令：'],
	] as const)('speaks the page language in its own messages (%s)', async (lang, heading) => {
		expect((await session(lang)).run('help').stdout.split('\n')[0]).toBe(heading);
	});
});

describe('<Lab> props', () => {
	it.each([
		{ scenario: 'recorder-pod', at: undefined, result: { ok: true, scenario: 'recorder-pod', at: 'sidecar-pod' } },
		{ scenario: 'recorder-pod', at: 'sidecar-pod', result: { ok: true, scenario: 'recorder-pod', at: 'sidecar-pod' } },
		{ scenario: 'recorder-pod', at: 'node', result: { ok: false, error: 'at="node" is not a place in the recorder-pod lab; use one of: sidecar-pod, or leave at out' } },
		{ scenario: 'bookinfo2', at: undefined, result: { ok: false, error: 'scenario="bookinfo2" is not a lab; use one of: recorder-pod, bookinfo, bookinfo-cni, bookinfo-tproxy, bookinfo-registry-only, bookinfo-localhost (src/data/labs.ts)' } },
		{ scenario: 'bookinfo', at: undefined, result: { ok: true, scenario: 'bookinfo', at: 'node' } },
		{ scenario: 'bookinfo', at: 'productpage-v1/istio-proxy', result: { ok: true, scenario: 'bookinfo', at: 'productpage-v1/istio-proxy' } },
		{ scenario: 'bookinfo', at: 'istio-cni-node', result: { ok: false, error: 'at="istio-cni-node" is not a place in the bookinfo lab; use one of: node, productpage-v1, productpage-v1/istio-proxy, productpage-v1/productpage, details-v1, details-v1/istio-proxy, details-v1/details, ratings-v1, ratings-v1/istio-proxy, ratings-v1/ratings, reviews-v1, reviews-v1/istio-proxy, reviews-v1/reviews, reviews-v2, reviews-v2/istio-proxy, reviews-v2/reviews, reviews-v3, reviews-v3/istio-proxy, reviews-v3/reviews, sleep, sleep/sleep, kube-proxy, kube-proxy/kube-proxy, or leave at out' } },
		{ scenario: 'bookinfo-cni', at: 'istio-cni-node/install-cni', result: { ok: true, scenario: 'bookinfo-cni', at: 'istio-cni-node/install-cni' } },
	])('$scenario at=$at', ({ scenario, at, result }) => {
		expect(checkLabProps(scenario, at)).toEqual(result);
	});

	it('an unknown scenario is an error, not an exception', async () => {
		expect(await createLabSession('nope', { at: undefined, lang: 'en' })).toEqual({ ok: false, error: 'scenario="nope" is not a lab; use one of: recorder-pod, bookinfo, bookinfo-cni, bookinfo-tproxy, bookinfo-registry-only, bookinfo-localhost (src/data/labs.ts)' });
	});

	it('a world lab without its data says so, and so does data of another format', async () => {
		expect(await createLabSession('bookinfo', { at: undefined, lang: 'en' })).toEqual({ ok: false, error: "the lab's data did not arrive" });
		expect(await createLabSession('bookinfo', { at: undefined, lang: 'en', data: { format: 1 } })).toEqual({ ok: false, error: "the lab's data is not in format 3" });
	});

	it('every lab has a factory and a caption', async () => {
		for (const id of Object.keys(LAB_SCENARIOS) as (keyof typeof LAB_SCENARIOS)[]) {
			const data = WORLD_LABS.includes(id) ? labData(id).data : undefined;
			expect((await createLabSession(id, { at: undefined, lang: 'en', data })).ok).toBe(true);
			expect(LAB_SCENARIOS[id].title).toBe(`lab.title.${id}`);
		}
	});
});
