// Lesson 3, following a request: the exercises both pages show, in page order (docs/lessons.md).
// The lab is a root shell on the node. Requests are made from the ratings app container with
// `kubectl exec … curl` (its image ships curl), Envoy's configuration is read with
// `istioctl proxy-config`, and a pod's sockets and conntrack entries with `nsenter -t PID -n`.
// Every value a check compares against is read from a fresh lab here, never typed.

import { answerIs, answerNumber, normalize, printed, succeeded } from '../../lessons/checks';
import { must } from '../../lessons/facts';
import { defineExercise, type Attempt, type Probe } from '../../lessons/types';

export const LAB = { scenario: 'bookinfo', at: 'node' } as const;

const RATINGS = 'ratings-v1-7c9bd4b87f-7xmbz';
const DETAILS = 'details-v1-65cfcf56f9-vq8kj';
const CLUSTER = 'outbound|9080||details.default.svc.cluster.local';
/** The ratings app asking details for a book, the request every exercise follows. */
const REQUEST = `kubectl exec ${RATINGS} -c ratings -- curl -s http://details:9080/details/0`;
const PID = 'PID=$(crictl inspect --output go-template --template \'{{.info.pid}}\' $(crictl ps --name ratings -q))';

const escape = (s: string | number): string => String(s).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The pods' addresses and the details Service, read from the lab. */
function mesh(run: Probe['run']): { ratingsIp: string; detailsIp: string; serviceIp: string; port: number } {
	const pods = run('kubectl get pods -o wide').stdout;
	const ipOf = (name: string): string => must(new RegExp(`^${escape(name)}\\s.*\\s(\\d+\\.\\d+\\.\\d+\\.\\d+)\\s`, 'm').exec(pods)?.[1], `the IP of ${name}`);
	const svc = must(/^details\s+ClusterIP\s+(\S+)\s+\S+\s+(\d+)\/TCP/m.exec(run('kubectl get svc').stdout), 'the details Service');
	return { ratingsIp: ipOf(RATINGS), detailsIp: ipOf(DETAILS), serviceIp: must(svc[1], 'its ClusterIP'), port: Number(svc[2]) };
}

/** A typed `address:port`, also accepted as tcpdump's `address.port` or with a space. */
function endpointIs(a: Attempt, address: string, port: number): boolean {
	const typed = normalize(a.answer ?? '').replace(/\s+/g, ' ');
	return [`${address}:${port}`, `${address}.${port}`, `${address} ${port}`].includes(typed);
}

/** A line that asked details something, from any container (curl through kubectl exec, or hops curl). */
const isRequestToDetails = (line: string, f: { serviceIp: string; detailsIp: string }): boolean =>
	/\bcurl\b/.test(line) && (/\bdetails(\.default(\.svc(\.cluster\.local)?)?)?:9080\b/.test(line) || line.includes(f.serviceIp) || line.includes(f.detailsIp));

export const exercises = [
	defineExercise({
		id: 'original-destination',
		lab: LAB,
		answer: { kind: 'text' },
		facts: ({ run }) => {
			const m = mesh(run);
			run(REQUEST);
			run(PID);
			const entry = must(
				new RegExp(`src=${escape(m.ratingsIp)} dst=${escape(m.serviceIp)} sport=\\d+ dport=${m.port} src=(\\S+) dst=\\S+ sport=(\\d+) `).exec(run('nsenter -t $PID -n conntrack -L').stdout),
				"the ratings app's redirected connection in conntrack",
			);
			return { ...m, replyAddress: must(entry[1], 'the reply source'), capturePort: Number(entry[2]) };
		},
		// The kernel's own record: the original tuple (what the app asked for, what SO_ORIGINAL_DST
		// returns) next to the reply tuple from Envoy's 15001.
		check: (a, f) =>
			endpointIs(a, f.serviceIp, f.port) &&
			printed(a, new RegExp(`dst=${escape(f.serviceIp)} sport=\\d+ dport=${f.port} src=${escape(f.replyAddress)} dst=\\S+ sport=${f.capturePort} `)),
		solution: { lines: [REQUEST, PID, 'nsenter -t $PID -n conntrack -L'], answer: '10.96.0.50:9080' },
		wrong: [
			{ why: '127.0.0.1:15001 is where the kernel delivered the connection, not where the app sent it', lines: [REQUEST, PID, 'nsenter -t $PID -n conntrack -L'], answer: '127.0.0.1:15001' },
			{ why: 'the Service address is right, but nothing shows the kernel kept it for the redirected connection', lines: ['kubectl get svc'], answer: '10.96.0.50:9080' },
		],
	}),
	defineExercise({
		id: 'endpoint-ip',
		lab: LAB,
		answer: { kind: 'text' },
		facts: ({ run }) => {
			const m = mesh(run);
			const row = must(new RegExp(`^(\\d+\\.\\d+\\.\\d+\\.\\d+):(\\d+)\\s+HEALTHY\\s+OK\\s+${escape(CLUSTER)}$`, 'm').exec(run(`istioctl pc endpoint ${RATINGS} --cluster '${CLUSTER}'`).stdout), 'the details endpoint');
			return { ...m, endpoint: must(row[1], 'the endpoint address'), endpointPort: Number(row[2]) };
		},
		check: (a, f) =>
			endpointIs(a, f.endpoint, f.endpointPort) &&
			printed(a, new RegExp(`^${escape(f.endpoint)}:${f.endpointPort}\\s+HEALTHY\\s+OK\\s+${escape(CLUSTER)}$`, 'm')),
		solution: { lines: [`istioctl proxy-config endpoint ${RATINGS} --cluster '${CLUSTER}'`], answer: '10.244.1.6:9080' },
		wrong: [
			{ why: 'the ClusterIP is what the app dialled; Envoy connects to an endpoint of the cluster', lines: [`istioctl pc endpoint ${RATINGS} --cluster '${CLUSTER}'`], answer: '10.96.0.50:9080' },
			{ why: 'the right address, but the cluster’s endpoints were never listed', lines: ['kubectl get pods -o wide'], answer: '10.244.1.6:9080' },
		],
	}),
	defineExercise({
		id: 'inbound-cluster-type',
		lab: LAB,
		answer: { kind: 'text' },
		facts: ({ run }) => {
			const row = must(/^\s+(\d+)\s+-\s+inbound\s+(\S+)\s*$/m.exec(run(`istioctl pc cluster ${DETAILS} --direction inbound`).stdout), "details' inbound cluster");
			return { port: Number(row[1]), type: must(row[2], 'its type') };
		},
		check: (a, f) => answerIs(a, f.type) && printed(a, new RegExp(`^\\s+${f.port}\\s+-\\s+inbound\\s+${escape(f.type)}\\s*$`, 'm')),
		solution: { lines: [`istioctl proxy-config cluster ${DETAILS} --direction inbound`], answer: 'ORIGINAL_DST' },
		wrong: [
			{ why: 'EDS is the type of the outbound clusters; the inbound one dials the original destination', lines: [`istioctl pc cluster ${DETAILS} --direction inbound`], answer: 'EDS' },
			{ why: 'the right type, but the inbound cluster was never listed', lines: [`istioctl pc cluster ${DETAILS} --fqdn details.default.svc.cluster.local`], answer: 'ORIGINAL_DST' },
		],
	}),
	defineExercise({
		id: 'pooled-connection',
		lab: LAB,
		answer: { kind: 'number' },
		facts: ({ run }) => {
			const m = mesh(run);
			run(REQUEST);
			run(REQUEST);
			run(PID);
			const ss = run('nsenter -t $PID -n ss -tn').stdout;
			const upstream = ss.match(new RegExp(`\\s${escape(m.ratingsIp)}:\\d+\\s+${escape(m.detailsIp)}:${m.port}\\s`, 'g'))?.length ?? 0;
			return { ...m, connections: must(upstream > 0 ? upstream : undefined, 'the pooled upstream connection') };
		},
		// Two requests first, then a socket listing of ratings' namespace that shows the upstream
		// connections to the details pod: the answer is how many there are.
		check: (a, f) => {
			if (answerNumber(a) !== f.connections) return false;
			let requests = 0;
			for (const r of succeeded(a)) {
				if (isRequestToDetails(r.line, f)) requests++;
				const shown = r.output.match(new RegExp(`\\s${escape(f.ratingsIp)}:\\d+\\s+${escape(f.detailsIp)}:${f.port}\\s`, 'g'))?.length ?? 0;
				if (requests >= 2 && /^State\s+Recv-Q\s+Send-Q/m.test(r.output) && shown === f.connections) return true;
			}
			return false;
		},
		solution: { lines: [REQUEST, REQUEST, PID, 'nsenter -t $PID -n ss -tnp'], answer: '1' },
		wrong: [
			{ why: 'one request opens one connection; the question is what the second one does', lines: [REQUEST, PID, 'nsenter -t $PID -n ss -tnp'], answer: '1' },
			{ why: 'the second request reused the first connection', lines: [REQUEST, REQUEST, PID, 'nsenter -t $PID -n ss -tnp'], answer: '2' },
		],
	}),
];
