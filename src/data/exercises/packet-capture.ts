// Lesson 6, capturing packets in the mesh: the exercises both pages show, in page order
// (docs/lessons.md). The lab is a root shell in productpage's network namespace, entered from the
// node. `trace` shows each packet's rewrites hook by hook; where tcpdump takes its copy follows
// from that (src/capture/points.ts): before PREROUTING on the way in, after POSTROUTING on the
// way out.

import { answerIs, answerNumber, normalize, printed, printedBy, succeeded, words } from '../../lessons/checks';
import { must } from '../../lessons/facts';
import { defineExercise, type Attempt } from '../../lessons/types';

export const LAB = { scenario: 'bookinfo', at: 'productpage-v1' } as const;

/** A peer pod (details, 10.244.1.6) calling productpage's app port. */
const PEER = 'trace --in eth0 10.244.1.6 10.244.1.5:9080';
/** productpage's app (uid 1000) calling the details Service. */
const APP_OUT = 'trace --uid 1000 10.244.1.5 10.96.0.50:9080';

const escape = (s: string | number): string => String(s).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A real request from the ratings app to productpage, what the live captures record. */
const REQUEST = "kubectl exec ratings-v1-7c9bd4b87f-7xmbz -c ratings -- curl -s -o /dev/null -w '%{http_code}\\n' http://productpage:9080/productpage";

/** Whether the learner started a tcpdump on `device` that did start (a background job's packets print later, under other lines). */
const capturedOn = (a: Attempt, device: string): boolean =>
	succeeded(a).some((r) => words(r.line)[0] === 'tcpdump' && r.output.includes(`listening on ${device},`));

export const exercises = [
	defineExercise({
		id: 'inbound-port-on-eth0',
		lab: LAB,
		answer: { kind: 'number' },
		facts: ({ run }) => {
			const rewrite = must(/rewrite: destination ([\d.]+):(\d+) -> [\d.]+:(\d+)/.exec(run(PEER).stdout), 'the inbound redirect');
			return { podIp: must(rewrite[1], 'the pod IP'), appPort: Number(rewrite[2]), capturePort: Number(rewrite[3]) };
		},
		// The learner's own inbound trace shows the port before PREROUTING rewrote it; or a live
		// capture on eth0 printed a peer's SYN to the pod (not from lo's 127.0.0.6, not from itself).
		check: (a, f) =>
			answerNumber(a) === f.appPort &&
			(printedBy(a, 'trace', new RegExp(`, arriving on eth0\\n[\\s\\S]*rewrite: destination ${escape(f.podIp)}:${f.appPort} -> ${escape(f.podIp)}:${f.capturePort}`)) ||
				(capturedOn(a, 'eth0') && printed(a, new RegExp(`^\\S+ IP (?!127\\.)(?!${escape(f.podIp)}\\.)\\d+\\.\\d+\\.\\d+\\.\\d+\\.\\d+ > ${escape(f.podIp)}\\.${f.appPort}: Flags \\[S\\],`, 'm')))),
		solution: { lines: [PEER], answer: '9080' },
		wrong: [
			{ why: '15006 is what PREROUTING writes, after tcpdump on eth0 has taken its copy', lines: [PEER], answer: '15006' },
			{ why: 'the right port, but nothing shows where the packet arrives and what it becomes', lines: ['iptables -t nat -S ISTIO_INBOUND'], answer: '9080' },
			{ why: 'a capture on lo shows Envoy’s hand-off from 127.0.0.6, not what arrived on eth0', lines: ['tcpdump -i lo -nn -c 4 host 127.0.0.6 &', REQUEST], answer: '9080' },
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
				(printedBy(a, 'trace', new RegExp(`-> ${escape(f.original)}, sent by a local process \\(uid (?!1337\\b)\\d+[\\s\\S]*rewrite: destination ${escape(f.original)} -> ${escape(f.address)}:${f.port}\\n[\\s\\S]*out on lo\\n`)) ||
					// A live capture on lo: the app's SYN to the capture port, answered from the Service address.
					(capturedOn(a, 'lo') && printed(a, new RegExp(`^\\S+ IP (\\d+\\.\\d+\\.\\d+\\.\\d+)\\.(\\d+) > ${escape(f.address)}\\.${f.port}: Flags \\[S\\],[^\\n]*\\n\\S+ IP ${escape(f.original.replace(':', '.'))} > \\1\\.\\2: Flags \\[S\\.\\]`, 'm'))))
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
		// A traced connection is [UNREPLIED]; one a live request opened has its answer and is not.
		check: (a, f) => answerNumber(a) === f.replyPort && printedBy(a, 'conntrack', new RegExp(`dst=10\\.96\\.0\\.50 sport=\\d+ dport=${f.servicePort} (?:\\[UNREPLIED\\] )?src=127\\.0\\.0\\.1 dst=[\\d.]+ sport=${f.replyPort} `)),
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
		// The route that shows the network, or a capture that tcpdump accepted with it.
		check: (a, f) =>
			(answerIs(a, f.net) || answerIs(a, `net ${f.net}`)) &&
			(printedBy(a, 'ip', new RegExp(`^${escape(f.net)} dev eth0 `, 'm')) ||
				succeeded(a).some((r) => words(r.line)[0] === 'tcpdump' && r.line.includes(`net ${f.net}`) && r.output.includes('listening on '))),
		solution: { lines: ['ip route'], answer: '10.244.1.0/24' },
		wrong: [
			{ why: 'tcpdump refuses an address with host bits set: non-network bits set', lines: ['ip route'], answer: '10.244.1.5/24' },
			{ why: '10.244.0.0/16 is every pod of the cluster, not this node’s', lines: ['ip route'], answer: '10.244.0.0/16' },
			{ why: 'tcpdump refused that filter, so nothing shows the network is right', lines: ['tcpdump -i eth0 -nn net 10.244.1.5/24'], answer: '10.244.1.0/24' },
		],
	}),
];
