// Lesson 2, how iptables captures traffic: the exercises both pages show, in page order
// (docs/lessons.md). The lab is a root shell in productpage's network namespace, where iptables
// lists and changes the pod's rules and `trace` sends one connection through them.

import { answerNumber, succeeded, words } from '../../lessons/checks';
import { packetCounts } from '../../lessons/counters';
import { decidingRule, must, rulesOf } from '../../lessons/facts';
import { defineExercise } from '../../lessons/types';

export const LAB = { scenario: 'bookinfo', at: 'productpage-v1' } as const;

/** The app (uid 1000 in productpage) opening a connection to Envoy's admin port on loopback. */
const APP_TO_ADMIN = 'trace --uid 1000 127.0.0.1 127.0.0.1:15000';
/** A peer pod connecting to productpage's port 9080, always from the same source port. */
const PEER_TO_APP = 'trace --in eth0 10.244.1.6:41000 10.244.1.5:9080';

export const exercises = [
	defineExercise({
		id: 'count-output-rules',
		lab: LAB,
		answer: { kind: 'number' },
		facts: ({ run }) => ({ rules: rulesOf(run('iptables -t nat -S ISTIO_OUTPUT').stdout, 'ISTIO_OUTPUT').length }),
		check: (a, f) => answerNumber(a) === f.rules,
		solution: { lines: ['iptables -t nat -L ISTIO_OUTPUT -n --line-numbers'], answer: '9' },
		wrong: [
			{ why: '-S prints the -N line too: 10 lines, 9 rules', lines: ['iptables -t nat -S ISTIO_OUTPUT | wc -l'], answer: '10' },
			{ why: 'ISTIO_INBOUND has 5 rules, not ISTIO_OUTPUT', lines: ['iptables -t nat -S ISTIO_INBOUND'], answer: '5' },
		],
	}),
	defineExercise({
		id: 'app-to-admin-rule',
		lab: LAB,
		answer: { kind: 'number' },
		facts: ({ run }) => ({ rule: must(decidingRule(run(APP_TO_ADMIN).stdout, 'ISTIO_OUTPUT'), 'the ISTIO_OUTPUT rule that decides') }),
		check: (a, f) => answerNumber(a) === f.rule,
		solution: { lines: [APP_TO_ADMIN], answer: '3' },
		wrong: [
			{ why: 'rule 8 (-d 127.0.0.1/32) never sees it: rule 3 returns it first', lines: ['iptables -t nat -S ISTIO_OUTPUT'], answer: '8' },
			{ why: 'rule 2 excludes 127.0.0.1 and matches uid 1337 only', lines: [APP_TO_ADMIN], answer: '2' },
		],
	}),
	defineExercise({
		id: 'inbound-redirect-counter',
		lab: LAB,
		facts: ({ run }) => {
			const port = /--to-ports (\d+)/.exec(run('iptables -t nat -S ISTIO_IN_REDIRECT').stdout)?.[1];
			return { chain: 'ISTIO_IN_REDIRECT', port: Number(must(port, 'the inbound REDIRECT port')) };
		},
		// Done when a listing with counters shows the inbound REDIRECT rule with at least one
		// packet: the learner made a connection that it redirected, then looked.
		check: (a, f) =>
			succeeded(a).some((r) => ['iptables', 'iptables-save', 'iptables-legacy', 'iptables-nft', 'iptables-nft-save', 'iptables-legacy-save'].includes(words(r.line)[0] ?? '') && packetCounts(r.output, String(f.chain), 'REDIRECT').some((n) => n > 0)),
		solution: { lines: [PEER_TO_APP, 'iptables -t nat -L ISTIO_IN_REDIRECT -n -v'] },
		wrong: [
			{ why: 'no connection yet: the counter is 0', lines: ['iptables -t nat -L -n -v'] },
			{ why: '15090 is excluded by ISTIO_INBOUND: RETURN, no REDIRECT', lines: ['trace --in eth0 10.244.1.6 10.244.1.5:15090', 'iptables -t nat -L ISTIO_IN_REDIRECT -n -v'] },
			{ why: '-L without -v shows no counters', lines: [PEER_TO_APP, 'iptables -t nat -L ISTIO_IN_REDIRECT -n'] },
		],
	}),
	defineExercise({
		id: 'same-connection-twice',
		lab: LAB,
		answer: { kind: 'number' },
		facts: ({ run }) => {
			run(PEER_TO_APP);
			run(PEER_TO_APP);
			const counts = packetCounts(run('iptables -t nat -L PREROUTING -n -v').stdout, 'PREROUTING', 'ISTIO_INBOUND');
			return { packets: must(counts[0], 'the PREROUTING counter') };
		},
		check: (a, f) => answerNumber(a) === f.packets,
		solution: { lines: [PEER_TO_APP, PEER_TO_APP, 'iptables -t nat -L PREROUTING -n -v'], answer: '1' },
		wrong: [
			{ why: 'two packets, but one connection: nat sees only its first packet', lines: [PEER_TO_APP, PEER_TO_APP, 'iptables -t nat -L PREROUTING -n -v'], answer: '2' },
			{ why: 'counters of a fresh lab', lines: ['iptables -t nat -L PREROUTING -n -v'], answer: '0' },
		],
	}),
];
