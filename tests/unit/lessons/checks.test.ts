import { describe, expect, it } from 'vitest';
import { answerIs, answerNumber, inPod, normalize, printed, printedBy, printedInPod, words } from '../../../src/lessons/checks';
import { packetCounts } from '../../../src/lessons/counters';
import { decidingRule, rulesOf } from '../../../src/lessons/facts';
import { scanPage } from '../../../src/lessons/mdx-scan';
import { concerns, parseDone, toRan, withDone } from '../../../src/components/exercise/state';

describe('normalize', () => {
	it.each([
		{ typed: ' 15000 ', want: '15000' },
		{ typed: '１５０００', want: '15000' },
		{ typed: '15000。', want: '15000' },
		{ typed: '"pilot-agent".', want: 'pilot-agent' },
		{ typed: '`Envoy`', want: 'envoy' },
		{ typed: '“15012”', want: '15012' },
	])('$typed → $want', ({ typed, want }) => {
		expect(normalize(typed)).toBe(want);
	});

	it('answers', () => {
		expect([answerIs({ ran: [], answer: '１５０００' }, 15000), answerIs({ ran: [] }, 15000), answerNumber({ ran: [], answer: '3.5' }), answerNumber({ ran: [], answer: ' 7 ' })]).toEqual([true, false, undefined, 7]);
	});
});

describe('what ran', () => {
	const ran = [
		{ line: 'ss -xlp | grep XDS', output: 'u_str LISTEN 0 4096 etc/istio/proxy/XDS 30653\n', exitCode: 0, at: 'productpage-v1' },
		{ line: 'cat /etc/istio/proxy/SDS', output: 'cat: /etc/istio/proxy/SDS: No such file or directory\n', exitCode: 1, at: 'productpage-v1' },
	];
	it('finds output of successful lines only, by program', () => {
		expect([printed({ ran }, 'XDS'), printed({ ran }, 'SDS'), printedBy({ ran }, 'ss', /XDS/), printedBy({ ran }, 'cat', /SDS/), words(ran[0]?.line ?? '')]).toEqual([true, false, true, false, ['ss', '-xlp']]);
	});
});

describe('packetCounts reads every counter format', () => {
	it.each([
		{ name: '-L -v -n', out: 'Chain ISTIO_IN_REDIRECT (3 references)\n pkts bytes target     prot opt in     out     source               destination         \n    2   120 REDIRECT   6    --  *      *       0.0.0.0/0            0.0.0.0/0            redir ports 15006\n', want: [2] },
		{ name: '-L -v --line-numbers -x', out: 'Chain ISTIO_IN_REDIRECT (3 references)\nnum      pkts      bytes target     prot opt in     out     source               destination         \n1           1       60 REDIRECT   6    --  *      *       0.0.0.0/0            0.0.0.0/0            redir ports 15006\n', want: [1] },
		{ name: '-L -v abbreviated', out: 'Chain ISTIO_IN_REDIRECT (3 references)\n pkts bytes target     prot opt in     out     source               destination         \n   3K  180K REDIRECT   tcp  --  any    any     anywhere             anywhere             redir ports 15006\n', want: [3000] },
		{ name: 'another chain only', out: 'Chain ISTIO_REDIRECT (1 references)\n pkts bytes target     prot opt in     out     source               destination         \n    5   300 REDIRECT   6    --  *      *       0.0.0.0/0            0.0.0.0/0            redir ports 15001\n', want: [] },
		{ name: '-S -v', out: '-N ISTIO_IN_REDIRECT\n-A ISTIO_IN_REDIRECT -p tcp -c 1 60 -j REDIRECT --to-ports 15006\n', want: [1] },
		{ name: 'iptables-save -c', out: '[0:0] -A ISTIO_INBOUND -p tcp -j ISTIO_IN_REDIRECT\n[4:240] -A ISTIO_IN_REDIRECT -p tcp -j REDIRECT --to-ports 15006\n', want: [4] },
		{ name: '-L without -v', out: 'Chain ISTIO_IN_REDIRECT (3 references)\ntarget     prot opt source               destination         \nREDIRECT   tcp  --  anywhere             anywhere             redir ports 15006\n', want: [] },
	])('$name', ({ out, want }) => {
		expect(packetCounts(out, 'ISTIO_IN_REDIRECT', 'REDIRECT')).toEqual(want);
	});
});

describe('facts helpers', () => {
	it('rulesOf and decidingRule', () => {
		const trace = 'nat OUTPUT\n    rule 1: -j ISTIO_OUTPUT\n      matched: jump to ISTIO_OUTPUT\n      ISTIO_OUTPUT\n      rule 1: -s 127.0.0.6/32 -o lo -j RETURN\n        no match: source\n      rule 3: -o lo -m owner ! --uid-owner 1337 -j RETURN\n        matched: RETURN to OUTPUT\n    end of OUTPUT: policy ACCEPT\n';
		expect([rulesOf('-N X\n-A X -j RETURN\n-A Y -j RETURN\n-A X -j ACCEPT\n', 'X').length, decidingRule(trace, 'ISTIO_OUTPUT'), decidingRule(trace, 'ISTIO_INBOUND')]).toEqual([2, 3, undefined]);
	});
});

describe('the page scanner', () => {
	it('reads labs, exercises, commands and heading ids in order, skipping frontmatter and other code', () => {
		const mdx = [
			'---', 'title: x', '---', '', '<Lab slot="lab" scenario="bookinfo" at="productpage-v1" />',
			'## One {/* #one */}', 'Text <Run cmd="ss -ltnp" /> and <Run cmd=\'ps -o pid,comm\' lab="l2" />.',
			'```sh', '# a comment', 'iptables -t nat \\', '  -S', '```', '```text', 'not a command', '```',
			'<Exercise id="a-b">', '### Two {/* #two */}',
		].join('\n');
		expect(scanPage(mdx)).toEqual({
			labs: [{ scenario: 'bookinfo', at: 'productpage-v1' }],
			exercises: [{ id: 'a-b', line: 16 }],
			commands: [
				{ cmd: 'ss -ltnp', from: 'run', line: 7, lab: 0 },
				{ cmd: 'ps -o pid,comm', from: 'run', line: 7, lab: 0 },
				{ cmd: 'iptables -t nat -S', from: 'block', line: 11, lab: 0 },
			],
			headingIds: ['one', 'two'],
		});
	});
});

describe('the exercise element state', () => {
	it('keeps the events of its scenario and lab', () => {
		expect([concerns({ scenario: 'bookinfo', lab: '' }, 'bookinfo', undefined), concerns({ scenario: 'bookinfo-cni', lab: '' }, 'bookinfo', undefined), concerns({ scenario: 'bookinfo', lab: 'a' }, 'bookinfo', 'b')]).toEqual([true, false, false]);
	});

	it('reads an event detail', () => {
		expect([toRan({ lab: '', scenario: 'bookinfo', line: 'id', output: 'uid=0(root)\n', exitCode: 0, at: 'node' }), toRan({ line: 'id' }), toRan(null)]).toEqual([
			{ lab: '', scenario: 'bookinfo', line: 'id', output: 'uid=0(root)\n', exitCode: 0, at: 'node' },
			undefined,
			undefined,
		]);
	});

	it('stores done marks as a sorted set, ignoring what it cannot read', () => {
		expect([withDone(null, 'b'), withDone('["b","a"]', 'b'), withDone('{bad', 'a'), parseDone('[1,"x"]')]).toEqual(['["b"]', '["a","b"]', '["a"]', ['x']]);
	});
});

describe('inPod: the command a line ran in a pod’s network namespace', () => {
	it.each([
		{ name: 'in a shell in the pod', line: 'tcpdump -i lo -nn', at: 'productpage-v1-54bb874995-hhx8q', want: ['tcpdump', '-i', 'lo', '-nn'] },
		{ name: 'nsenter -t PID -n', line: 'nsenter -t $PID -n tcpdump -i eth0 -c 3 &', at: 'node', want: ['tcpdump', '-i', 'eth0', '-c', '3', '&'] },
		{ name: 'long options and --', line: 'nsenter --target=3059 --net -- ip route', at: 'node', want: ['ip', 'route'] },
		{ name: '--target PID with -n first', line: 'nsenter -n --target 3059 conntrack -L', at: 'node', want: ['conntrack', '-L'] },
		{ name: 'an attached PID', line: 'nsenter -t3059 -n ss -tn', at: 'node', want: ['ss', '-tn'] },
		{ name: 'a namespace file attached to -n', line: 'nsenter -n/proc/3059/ns/net ip route', at: 'node', want: ['ip', 'route'] },
		{ name: 'the mount namespace only', line: 'nsenter -t 3059 -m ip route', at: 'node', want: undefined },
		{ name: 'a bare nsenter opens a shell', line: 'nsenter -t 3059 -n', at: 'node', want: undefined },
		{ name: 'the node’s own namespace', line: 'tcpdump -i eth0', at: 'node', want: undefined },
	])('$name', ({ line, at, want }) => {
		expect(inPod({ line, at, output: '', exitCode: 0 })).toEqual(want);
	});

	it('printedInPod reads successful lines in the pod only', () => {
		const ran = [
			{ line: 'ip route', output: '10.244.1.0/24 dev cni0 proto kernel scope link src 10.244.1.1 \n', exitCode: 0, at: 'node' },
			{ line: 'nsenter -t $PID -n ip route', output: '10.244.1.0/24 dev eth0 proto kernel scope link src 10.244.1.5 \n', exitCode: 0, at: 'node' },
			{ line: 'nsenter -t $PID -n tcpdump -i eth0 net 10.244.1.5/24', output: 'tcpdump: non-network bits set in "10.244.1.5/24"\n', exitCode: 1, at: 'node' },
		];
		expect([printedInPod({ ran }, 'ip', 'dev eth0'), printedInPod({ ran }, 'ip', 'dev cni0'), printedInPod({ ran }, 'tcpdump', 'non-network')]).toEqual([true, false, false]);
	});
});
