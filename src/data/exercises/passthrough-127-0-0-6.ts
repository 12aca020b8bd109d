// Lesson 4, the 127.0.0.6 passthrough: the exercises both pages show, in page order
// (docs/lessons.md). The lab is a root shell in productpage's network namespace, entered from the
// node: `trace` sends one connection through the pod's rules as Envoy (uid 1337) would open it,
// conntrack shows the tuple the app's socket gets, iptables changes the rules.

import { answerIs, answerNumber, printedBy } from '../../lessons/checks';
import { decidingRule, must } from '../../lessons/facts';
import { defineExercise, type Probe } from '../../lessons/types';

export const LAB = { scenario: 'bookinfo', at: 'productpage-v1' } as const;

/** Envoy's inbound side handing a request to the app: from 127.0.0.6 to the pod's own IP and app port. */
const HANDOFF = 'trace --uid 1337 127.0.0.6 10.244.1.5:9080';
/** Envoy's outbound side calling its own pod (the app called its own Service): from the pod IP. */
const HAIRPIN = 'trace --uid 1337 10.244.1.5 10.244.1.5:9080';
/** A peer pod calling the app: what arrives on eth0. */
const PEER = 'trace --in eth0 10.244.1.6 10.244.1.5:9080';
const DELETE_RULE_1 = 'iptables -t nat -D ISTIO_OUTPUT 1';

const escape = (s: string | number): string => String(s).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The addresses and ports every exercise of this lesson compares against, read from the lab. */
function pod(run: Probe['run']): { podIp: string; appPort: number; passthrough: string; capturePort: number; loopbackPort: number } {
	const podIp = must(/inet (\d+\.\d+\.\d+\.\d+)\//.exec(run('ip -4 addr show eth0').stdout)?.[1], "the pod's eth0 address");
	const listeners = run('ss -ltnp').stdout;
	const appPort = Number(must(/\*:(\d+)\s.*"gunicorn"/.exec(listeners)?.[1], "productpage's listener"));
	const loopbackPort = Number(must(/\s127\.0\.0\.1:(\d+)\s/.exec(listeners)?.[1], 'a listener bound to 127.0.0.1 only'));
	const passthrough = must(/^-A ISTIO_OUTPUT -s (\S+)\/32 -o lo -j RETURN$/m.exec(run('iptables -t nat -S ISTIO_OUTPUT').stdout)?.[1], 'the passthrough RETURN rule');
	const capturePort = Number(must(/--to-ports (\d+)/.exec(run('iptables -t nat -S ISTIO_IN_REDIRECT').stdout)?.[1], 'the inbound capture port'));
	return { podIp, appPort, passthrough, capturePort, loopbackPort };
}

export const exercises = [
	defineExercise({
		id: 'hairpin-rule',
		lab: LAB,
		answer: { kind: 'number' },
		facts: ({ run }) => ({ rule: must(decidingRule(run(HAIRPIN).stdout, 'ISTIO_OUTPUT'), 'the ISTIO_OUTPUT rule that decides the hairpin') }),
		check: (a, f) => answerNumber(a) === f.rule,
		solution: { lines: [HAIRPIN], answer: '2' },
		wrong: [
			{ why: 'rule 4 lets the rest of Envoy’s traffic out; rule 2 comes first for lo', lines: ['iptables -t nat -S ISTIO_OUTPUT'], answer: '4' },
			{ why: 'rule 1 wants the source 127.0.0.6, and this connection comes from the pod IP', lines: [HAIRPIN], answer: '1' },
		],
	}),
	defineExercise({
		id: 'loop-without-rule-1',
		lab: LAB,
		answer: { kind: 'number' },
		facts: ({ run }) => pod(run),
		// The learner's own trace of the hand-off must show it landing on the capture port again.
		check: (a, f) =>
			answerNumber(a) === f.capturePort &&
			printedBy(a, 'trace', new RegExp(`^tcp ${escape(f.passthrough)}:\\d+ -> ${escape(f.podIp)}:${f.appPort},[\\s\\S]*\\ndelivered to 127\\.0\\.0\\.1:${f.capturePort} `)),
		solution: { lines: [DELETE_RULE_1, HANDOFF], answer: '15006' },
		wrong: [
			{ why: 'with rule 1 still in place the hand-off reaches the app on 9080', lines: [HANDOFF], answer: '15006' },
			{ why: '15001 is the outbound capture port; the loop goes back to the inbound one', lines: [DELETE_RULE_1, HANDOFF], answer: '15001' },
		],
	}),
	defineExercise({
		id: 'app-sees-client',
		lab: LAB,
		answer: { kind: 'text' },
		facts: ({ run }) => pod(run),
		// Seen from the app's side: the conntrack entry (or a socket) of a connection to the app's port.
		check: (a, f) =>
			answerIs(a, f.passthrough) &&
			(printedBy(a, 'conntrack', new RegExp(`src=${escape(f.passthrough)} dst=${escape(f.podIp)} sport=\\d+ dport=${f.appPort} `)) ||
				printedBy(a, 'ss', new RegExp(`:${f.appPort}\\s+(\\[::ffff:)?${escape(f.passthrough)}\\]?:\\d+`))),
		solution: { lines: [HANDOFF, 'conntrack -L'], answer: '127.0.0.6' },
		wrong: [
			{ why: 'the peer pod’s address is what Envoy sees on 15006, not what the app sees', lines: [PEER, 'conntrack -L'], answer: '10.244.1.6' },
			{ why: 'the right address, but nothing on the app’s side shows it yet', lines: ['iptables -t nat -S ISTIO_OUTPUT'], answer: '127.0.0.6' },
		],
	}),
	defineExercise({
		id: 'localhost-only-app',
		lab: LAB,
		facts: ({ run }) => pod(run),
		check: (a, f) =>
			printedBy(a, 'trace', new RegExp(`^tcp ${escape(f.passthrough)}:\\d+ -> ${escape(f.podIp)}:${f.loopbackPort},[\\s\\S]*\\nno socket listens on ${escape(f.podIp)}:${f.loopbackPort}:`)),
		solution: { lines: ['ss -ltn', 'trace --uid 1337 127.0.0.6 10.244.1.5:15000'] },
		wrong: [
			{ why: 'before 1.10 Envoy dialled 127.0.0.1, which does reach a localhost-only listener', lines: ['trace --uid 1337 127.0.0.6 127.0.0.1:15000'] },
			{ why: 'the app on 9080 listens on every address, so the pod IP reaches it', lines: [HANDOFF] },
		],
	}),
];
