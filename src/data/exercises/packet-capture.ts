// Lesson 6, capturing packets in the mesh: the exercises both pages show, in page order
// (docs/lessons.md). The lab is a root shell on the node, where captures are really taken: find
// the PID of productpage's istio-proxy container with crictl, then `nsenter -t $PID -n tcpdump …`
// runs tcpdump in the pod's network namespace (a background capture, then a request from the
// ratings app). `nsenter -t $PID -n trace …` shows a first packet's rewrites hook by hook; where
// tcpdump takes its copy follows from that (src/capture/points.ts): before PREROUTING on the way
// in, after POSTROUTING on the way out. trace prints Chinese on Chinese pages, so the checks
// match only its addresses and the words it shares with iptables (uid, eth0, POSTROUTING).

import { answerIs, answerNumber, inPod, normalize, printed, printedInPod, succeeded } from '../../lessons/checks';
import { must } from '../../lessons/facts';
import { defineExercise, type Attempt } from '../../lessons/types';

export const LAB = { scenario: 'bookinfo', at: 'node' } as const;

/** The PID of productpage's istio-proxy container (pilot-agent), whose namespace is the pod's. */
const PID = "PID=$(crictl inspect --output go-template --template '{{.info.pid}}' $(crictl ps --name istio-proxy --pod $(crictl pods --name productpage -q) -q))";
/** A peer pod (details, 10.244.1.6) calling productpage's app port. */
const PEER = 'nsenter -t $PID -n trace --in eth0 10.244.1.6 10.244.1.5:9080';
/** productpage's app (uid 1000) calling the details Service. */
const APP_OUT = 'nsenter -t $PID -n trace --uid 1000 10.244.1.5 10.96.0.50:9080';
/** A real request from the ratings app to productpage, what the live captures record. */
const REQUEST = "kubectl exec ratings-v1-7c9bd4b87f-7xmbz -c ratings -- curl -s -o /dev/null -w '%{http_code}\\n' http://productpage:9080/productpage";
const CAPTURE_ETH0 = 'nsenter -t $PID -n tcpdump -i eth0 -nn -c 3 tcp port 9080 &';
const CAPTURE_LO = 'nsenter -t $PID -n tcpdump -i lo -nn -c 4 tcp port 15001 or host 10.96.0.50 &';

const escape = (s: string | number): string => String(s).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Whether the learner started a tcpdump on `device` in a pod's namespace that did start (a background job's packets print later, under other lines). */
const capturedOn = (a: Attempt, device: string): boolean =>
	succeeded(a).some((r) => inPod(r)?.[0] === 'tcpdump' && r.output.includes(`listening on ${device},`));

export const exercises = [
	defineExercise({
		id: 'inbound-port-on-eth0',
		lab: LAB,
		answer: { kind: 'number' },
		facts: ({ run }) => {
			run(PID);
			const rewrite = must(/ ([\d.]+):(\d+) -> [\d.]+:(\d+)\n/.exec(run(PEER).stdout), 'the inbound redirect');
			return { podIp: must(rewrite[1], 'the pod IP'), appPort: Number(rewrite[2]), capturePort: Number(rewrite[3]) };
		},
		// A live capture on the pod's eth0 that printed a peer's SYN to the pod (not from lo's
		// 127.0.0.6, not from itself); or the learner's own inbound trace, arriving on eth0 with
		// the app's port and rewritten to the capture port only after that.
		check: (a, f) =>
			answerNumber(a) === f.appPort &&
			((capturedOn(a, 'eth0') && printed(a, new RegExp(`^\\S+ IP (?!127\\.)(?!${escape(f.podIp)}\\.)\\d+\\.\\d+\\.\\d+\\.\\d+\\.\\d+ > ${escape(f.podIp)}\\.${f.appPort}: Flags \\[S\\],`, 'm'))) ||
				printedInPod(a, 'trace', new RegExp(`^tcp \\S+ -> ${escape(f.podIp)}:${f.appPort}\\W[^\\n]*\\beth0\\b[\\s\\S]* ${escape(f.podIp)}:${f.appPort} -> ${escape(f.podIp)}:${f.capturePort}\\n`))),
		// The trace, not the live capture: in the page a background capture started with nsenter
		// prints no packets yet (the CLI's does), and a solution must finish in the page.
		solution: { lines: [PID, PEER], answer: '9080' },
		wrong: [
			{ why: '15006 is what PREROUTING writes, after tcpdump on eth0 has taken its copy', lines: [PID, CAPTURE_ETH0, REQUEST], answer: '15006' },
			{ why: 'the right port, but nothing shows where the packet arrives and what it becomes', lines: [PID, 'nsenter -t $PID -n iptables -t nat -S ISTIO_INBOUND'], answer: '9080' },
			{ why: 'a capture on lo shows Envoy’s hand-off from 127.0.0.6, not what arrived on eth0', lines: [PID, 'nsenter -t $PID -n tcpdump -i lo -nn -c 4 host 127.0.0.6 &', REQUEST], answer: '9080' },
			{ why: 'tcpdump on the node’s own eth0 sees none of the pod’s traffic', lines: ['tcpdump -i eth0 -nn -c 3 tcp port 9080 &', REQUEST], answer: '9080' },
		],
	}),
	defineExercise({
		id: 'outbound-syn-on-lo',
		lab: LAB,
		answer: { kind: 'text' },
		facts: ({ run }) => {
			run(PID);
			const rewrite = must(/ ([\d.]+):(\d+) -> ([\d.]+):(\d+)\n/.exec(run(APP_OUT).stdout), 'the outbound redirect');
			return { original: `${rewrite[1]}:${rewrite[2]}`, address: must(rewrite[3], 'the new address'), port: Number(rewrite[4]) };
		},
		// tcpdump prints address.port; people also write address:port or address port.
		check: (a, f) => {
			const typed = normalize(a.answer ?? '').replace(/\s+/g, ' ');
			const accepted = [`${f.address}:${f.port}`, `${f.address}.${f.port}`, `${f.address} ${f.port}`];
			return (
				accepted.includes(typed) &&
				// A live capture on lo: the app's SYN to the capture port, answered from the Service address.
				((capturedOn(a, 'lo') && printed(a, new RegExp(`^\\S+ IP (\\d+\\.\\d+\\.\\d+\\.\\d+)\\.(\\d+) > ${escape(f.address)}\\.${f.port}: Flags \\[S\\],[^\\n]*\\n\\S+ IP ${escape(f.original.replace(':', '.'))} > \\1\\.\\2: Flags \\[S\\.\\]`, 'm'))) ||
					// Or the app's (not Envoy's) first packet traced: rewritten, then out on lo.
					printedInPod(a, 'trace', new RegExp(`^tcp \\S+ -> ${escape(f.original)}\\W[^\\n]*\\buid (?!1337\\b)\\d+[\\s\\S]* ${escape(f.original)} -> ${escape(f.address)}:${f.port}\\n[\\s\\S]*^POSTROUTING\\W[^\\n]*\\blo\\b`, 'm')))
			);
		},
		solution: { lines: [PID, APP_OUT], answer: '127.0.0.1:15001' },
		wrong: [
			{ why: 'the Service address is what the app asked for; OUTPUT rewrote it before the packet reached lo', lines: [PID, CAPTURE_LO, REQUEST], answer: '10.96.0.50:9080' },
			{ why: 'Envoy’s own connection (uid 1337) is not redirected; the question is about the app’s', lines: [PID, 'nsenter -t $PID -n trace --uid 1337 10.244.1.5 10.96.0.50:9080'], answer: '127.0.0.1:15001' },
			{ why: 'traced on the node, whose own rules redirect nothing', lines: ['trace --uid 1000 10.244.1.5 10.96.0.50:9080'], answer: '127.0.0.1:15001' },
		],
	}),
	defineExercise({
		id: 'reply-tuple',
		lab: LAB,
		answer: { kind: 'number' },
		facts: ({ run }) => {
			run(PID);
			run(REQUEST);
			const entry = must(/src=[\d.]+ dst=10\.96\.0\.50 sport=\d+ dport=(\d+) src=[\d.]+ dst=\S+ sport=(\d+) /.exec(run('nsenter -t $PID -n conntrack -L').stdout), "the app's outbound conntrack entry");
			return { replyPort: Number(entry[2]), servicePort: Number(entry[1]) };
		},
		// The reply tuple of the app's connection to the Service, in conntrack's listing of the
		// pod's namespace. A traced connection is [UNREPLIED]; one a live request opened is not.
		check: (a, f) => answerNumber(a) === f.replyPort && printedInPod(a, 'conntrack', new RegExp(`dst=10\\.96\\.0\\.50 sport=\\d+ dport=${f.servicePort} (?:\\[UNREPLIED\\] )?src=127\\.0\\.0\\.1 dst=[\\d.]+ sport=${f.replyPort} `)),
		solution: { lines: [PID, REQUEST, 'nsenter -t $PID -n conntrack -L'], answer: '15001' },
		wrong: [
			{ why: '9080 is the port the replies claim to come from once conntrack has rewritten them', lines: [PID, REQUEST, 'nsenter -t $PID -n conntrack -L'], answer: '9080' },
			{ why: 'no connection to the Service has been opened yet', lines: [PID, 'nsenter -t $PID -n conntrack -L'], answer: '15001' },
			{ why: 'the node’s conntrack table is another namespace’s: the pod’s redirect is not in it', lines: [REQUEST, 'conntrack -L'], answer: '15001' },
		],
	}),
	defineExercise({
		id: 'pod-cidr-filter',
		lab: LAB,
		answer: { kind: 'text' },
		facts: ({ run }) => {
			run(PID);
			return { net: must(/^(\d+\.\d+\.\d+\.\d+\/\d+) dev eth0 proto kernel scope link/m.exec(run('nsenter -t $PID -n ip route').stdout)?.[1], "the pod's on-link route") };
		},
		// The pod's on-link route (or the node's, to the same network on its bridge), or a
		// capture that tcpdump accepted with that network.
		check: (a, f) =>
			(answerIs(a, f.net) || answerIs(a, `net ${f.net}`)) &&
			(printed(a, new RegExp(`^${escape(f.net)} dev \\S+ proto kernel scope link `, 'm')) ||
				succeeded(a).some((r) => inPod(r)?.[0] === 'tcpdump' && r.line.includes(`net ${f.net}`) && r.output.includes('listening on '))),
		solution: { lines: [PID, 'nsenter -t $PID -n ip route'], answer: '10.244.1.0/24' },
		wrong: [
			{ why: 'tcpdump refuses an address with host bits set: non-network bits set', lines: [PID, 'nsenter -t $PID -n ip route'], answer: '10.244.1.5/24' },
			{ why: '10.244.0.0/16 is every pod of the cluster, not this node’s', lines: [PID, 'nsenter -t $PID -n ip route'], answer: '10.244.0.0/16' },
			{ why: 'tcpdump refused that filter, so nothing shows the network is right', lines: [PID, 'nsenter -t $PID -n tcpdump -i eth0 -nn net 10.244.1.5/24'], answer: '10.244.1.0/24' },
		],
	}),
];
