// Lesson 6, capturing packets in the mesh: the exercises both pages show, in page order
// (docs/lessons.md). The lab is a root shell in productpage's network namespace, entered from the
// node. `trace` shows each packet's rewrites hook by hook; where tcpdump takes its copy follows
// from that (src/capture/points.ts): before PREROUTING on the way in, after POSTROUTING on the
// way out.

import { answerIs, answerNumber, normalize, printedBy } from '../../lessons/checks';
import { must } from '../../lessons/facts';
import { defineExercise } from '../../lessons/types';

export const LAB = { scenario: 'bookinfo', at: 'productpage-v1' } as const;

/** A peer pod (details, 10.244.1.6) calling productpage's app port. */
const PEER = 'trace --in eth0 10.244.1.6 10.244.1.5:9080';
/** productpage's app (uid 1000) calling the details Service. */
const APP_OUT = 'trace --uid 1000 10.244.1.5 10.96.0.50:9080';

const escape = (s: string | number): string => String(s).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export const exercises = [
	defineExercise({
		id: 'inbound-port-on-eth0',
		lab: LAB,
		answer: { kind: 'number' },
		facts: ({ run }) => {
			const rewrite = must(/rewrite: destination ([\d.]+):(\d+) -> [\d.]+:(\d+)/.exec(run(PEER).stdout), 'the inbound redirect');
			return { podIp: must(rewrite[1], 'the pod IP'), appPort: Number(rewrite[2]), capturePort: Number(rewrite[3]) };
		},
		// The learner's own inbound trace shows the port before PREROUTING rewrote it.
		check: (a, f) =>
			answerNumber(a) === f.appPort &&
			printedBy(a, 'trace', new RegExp(`, arriving on eth0\\n[\\s\\S]*rewrite: destination ${escape(f.podIp)}:${f.appPort} -> ${escape(f.podIp)}:${f.capturePort}`)),
		solution: { lines: [PEER], answer: '9080' },
		wrong: [
			{ why: '15006 is what PREROUTING writes, after tcpdump on eth0 has taken its copy', lines: [PEER], answer: '15006' },
			{ why: 'the right port, but nothing shows where the packet arrives and what it becomes', lines: ['iptables -t nat -S ISTIO_INBOUND'], answer: '9080' },
		],
	}),
	defineExercise({
		id: 'outbound-syn-on-lo',
		lab: LAB,
		answer: { kind: 'text' },
		facts: ({ run }) => {
			const rewrite = must(/rewrite: destination ([\d.]+):(\d+) -> ([\d.]+):(\d+)/.exec(run(APP_OUT).stdout), 'the outbound redirect');
			return { original: `${rewrite[1]}:${rewrite[2]}`, address: must(rewrite[3], 'the new address'), port: Number(rewrite[4]) };
		},
		// tcpdump prints address.port; people also write address:port or address port.
		check: (a, f) => {
			const typed = normalize(a.answer ?? '').replace(/\s+/g, ' ');
			const accepted = [`${f.address}:${f.port}`, `${f.address}.${f.port}`, `${f.address} ${f.port}`];
			return (
				accepted.includes(typed) &&
				printedBy(a, 'trace', new RegExp(`-> ${escape(f.original)}, sent by a local process \\(uid (?!1337\\b)\\d+[\\s\\S]*rewrite: destination ${escape(f.original)} -> ${escape(f.address)}:${f.port}\\n[\\s\\S]*out on lo\\n`))
			);
		},
		solution: { lines: [APP_OUT], answer: '127.0.0.1:15001' },
		wrong: [
			{ why: 'the Service address is what the app asked for; OUTPUT rewrote it before the packet reached lo', lines: [APP_OUT], answer: '10.96.0.50:9080' },
			{ why: 'Envoy’s own connection (uid 1337) is not redirected; the question is about the app’s', lines: ['trace --uid 1337 10.244.1.5 10.96.0.50:9080'], answer: '127.0.0.1:15001' },
		],
	}),
	defineExercise({
		id: 'reply-tuple',
		lab: LAB,
		answer: { kind: 'number' },
		facts: ({ run }) => {
			run(APP_OUT);
			const entry = must(/src=([\d.]+) dst=10\.96\.0\.50 sport=\d+ dport=(\d+) \[UNREPLIED\] src=([\d.]+) dst=\S+ sport=(\d+) /.exec(run('conntrack -L').stdout), "the app's outbound conntrack entry");
			return { replyPort: Number(entry[4]), servicePort: Number(entry[2]) };
		},
		// The reply tuple of the app's connection to the Service, in conntrack's listing.
		check: (a, f) => answerNumber(a) === f.replyPort && printedBy(a, 'conntrack', new RegExp(`dst=10\\.96\\.0\\.50 sport=\\d+ dport=${f.servicePort} \\[UNREPLIED\\] src=127\\.0\\.0\\.1 dst=[\\d.]+ sport=${f.replyPort} `)),
		solution: { lines: [APP_OUT, 'conntrack -L'], answer: '15001' },
		wrong: [
			{ why: '9080 is the port the replies claim to come from once conntrack has rewritten them', lines: [APP_OUT, 'conntrack -L'], answer: '9080' },
			{ why: 'no connection to the Service has been opened yet', lines: ['conntrack -L'], answer: '15001' },
		],
	}),
	defineExercise({
		id: 'pod-cidr-filter',
		lab: LAB,
		answer: { kind: 'text' },
		facts: ({ run }) => ({ net: must(/^(\d+\.\d+\.\d+\.\d+\/\d+) dev eth0 proto kernel scope link/m.exec(run('ip route').stdout)?.[1], "the pod's on-link route") }),
		check: (a, f) => (answerIs(a, f.net) || answerIs(a, `net ${f.net}`)) && printedBy(a, 'ip', new RegExp(`^${escape(f.net)} dev eth0 `, 'm')),
		solution: { lines: ['ip route'], answer: '10.244.1.0/24' },
		wrong: [
			{ why: 'tcpdump refuses an address with host bits set: non-network bits set', lines: ['ip route'], answer: '10.244.1.5/24' },
			{ why: '10.244.0.0/16 is every pod of the cluster, not this node’s', lines: ['ip route'], answer: '10.244.0.0/16' },
		],
	}),
];
