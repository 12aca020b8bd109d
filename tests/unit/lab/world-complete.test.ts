// Tab in the world's terminal, where the candidates depend on where the shell stands: iptables
// tables, chains, targets and options (from the namespace's own rules), and the ports that listen
// there for `curl localhost:`. Each case: a line with the cursor at its end, the whole answer.

import { describe, expect, it } from 'vitest';
import { completeAt, IPTABLES_OPTIONS } from '../../../src/lab/world-complete';
import { createWorldLab } from '../../../src/lab/world-lab';
import { scenarioFiles } from '../world/helpers';

function lab(at: string, scenario = 'bookinfo') {
	const made = createWorldLab({ files: scenarioFiles(), scenario, at });
	if (!made.ok) throw new Error(made.error);
	return made.lab;
}

const complete = (at: string, line: string, scenario = 'bookinfo') => {
	const l = lab(at, scenario);
	return completeAt(line, line.length, l.handle.world, l.shell.location);
};

/** In creation order, as `iptables -t nat -nL` lists them (bash-completion reads that list; the terminal sorts it for display). */
const ISTIO_NAT = ['ISTIO_INBOUND', 'ISTIO_REDIRECT', 'ISTIO_IN_REDIRECT', 'ISTIO_OUTPUT'];

describe('iptables', () => {
	it.each([
		['chains of the nat table after -L', 'iptables -t nat -L IST', { from: 19, candidates: ISTIO_NAT }],
		['every chain of the table after -A', 'iptables -t nat -A ', { from: 19, candidates: ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING', ...ISTIO_NAT] }],
		['after -S, and the table given later on the line is not yet known', 'iptables -S ', { from: 12, candidates: ['INPUT', 'FORWARD', 'OUTPUT'] }],
		['the table glued to -t', 'iptables -tnat -F ISTIO_O', { from: 18, candidates: ['ISTIO_OUTPUT'] }],
		['--list with --table=', 'iptables --table=nat --list ISTIO_IN', { from: 28, candidates: ['ISTIO_INBOUND', 'ISTIO_IN_REDIRECT'] }],
		['-P takes only built-in chains', 'iptables -t nat -P ', { from: 19, candidates: ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING'] }],
		['-j: the table\'s targets and its user chains', 'iptables -t nat -A OUTPUT -j ', { from: 29, candidates: ['ACCEPT', 'DNAT', 'DROP', 'LOG', 'MASQUERADE', 'REDIRECT', 'RETURN', 'SNAT', ...ISTIO_NAT] }],
		['-j with a prefix', 'iptables -t nat -A OUTPUT -j RE', { from: 29, candidates: ['REDIRECT', 'RETURN'] }],
		['-t takes tables', 'iptables -t ', { from: 12, candidates: ['filter', 'nat', 'mangle', 'raw', 'security'] }],
		['-t with a prefix', 'iptables -t ma', { from: 12, candidates: ['mangle'] }],
		['options', 'iptables -t nat -L --line', { from: 19, candidates: ['--line-numbers'] }],
		['a path to the tool', '/usr/sbin/iptables-nft -t nat -L ISTIO_R', { from: 33, candidates: ['ISTIO_REDIRECT'] }],
		['iptables-save options', 'iptables-save --co', { from: 14, candidates: ['--counters'] }],
		['a word that is not a chain, table or option: left to the files', 'iptables -t nat -L ISTIO_INBOUND -n x', undefined],
	] as const)('%s: %s', (_name, line, expected) => {
		expect(complete('productpage-v1/istio-proxy', line)).toEqual(expected);
	});

	it('the legacy back end has no rules in the pod: only built-in chains', () => {
		expect(complete('productpage-v1', 'iptables-legacy -t nat -L ')).toEqual({ from: 26, candidates: ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING'] });
	});

	it('TPROXY mode: the mangle table holds the capture chains', () => {
		expect(complete('productpage-v1', 'iptables -t mangle -L ISTIO_', 'bookinfo-tproxy')).toEqual({ from: 22, candidates: ['ISTIO_DIVERT', 'ISTIO_TPROXY', 'ISTIO_INBOUND'] });
	});

	it('every option iptables --help lists is offered after a bare -', () => {
		expect(complete('productpage-v1', 'iptables -')?.candidates).toEqual(IPTABLES_OPTIONS);
	});
});

describe('ports', () => {
	it.each([
		['curl localhost:150', ['localhost:15000', 'localhost:15001', 'localhost:15004', 'localhost:15006', 'localhost:15020', 'localhost:15021', 'localhost:15090'].filter((p) => p)],
		['curl -s http://127.0.0.1:90', ['http://127.0.0.1:9080']],
		['curl localhost:1502', ['localhost:15020', 'localhost:15021']],
	] as const)('%s', (line, candidates) => {
		const got = complete('productpage-v1/istio-proxy', line);
		const l = lab('productpage-v1/istio-proxy');
		const listening = new Set((l.handle.world.netns[l.shell.location.netns]?.sockets ?? []).flatMap((s) => (s.kind === 'inet' && s.proto === 'tcp' && s.state === 'LISTEN' ? [String(s.local.port)] : [])));
		const host = line.split(' ').at(-1)?.replace(/\d*$/, '') ?? '';
		const prefix = line.split(':').at(-1) ?? '';
		expect(got).toEqual({ from: line.lastIndexOf(' ') + 1, candidates: [...listening].filter((p) => p.startsWith(prefix)).sort((a, b) => Number(a) - Number(b)).map((p) => `${host}${p}`) });
		for (const c of candidates) if (listening.has(c.split(':').at(-1) ?? '')) expect(got?.candidates).toContain(c);
	});

	it('nc localhost <Tab>: the listening ports', () => {
		expect(complete('productpage-v1/istio-proxy', 'nc -zv localhost 90')).toEqual({ from: 17, candidates: ['9080'] });
	});

	it('a remote host is not completed from this namespace', () => {
		expect(complete('productpage-v1/istio-proxy', 'curl details:90')).toBeUndefined();
	});
});
