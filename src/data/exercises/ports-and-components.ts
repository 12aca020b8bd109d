// Lesson 1, ports and components: the exercises both pages show, in page order (docs/lessons.md).
// The lab is a root shell on the node inside productpage's network namespace, as after
// `nsenter -t <envoy pid> -n`: `ss -p` names every process, `ps` sees the node's PIDs.

import { answerIs, answerNumber, printed } from '../../lessons/checks';
import { must, processById, processIn } from '../../lessons/facts';
import { defineExercise } from '../../lessons/types';

export const LAB = { scenario: 'bookinfo', at: 'productpage-v1' } as const;

export const exercises = [
	defineExercise({
		id: 'who-starts-envoy',
		lab: LAB,
		answer: { kind: 'number' },
		facts: ({ world }) => {
			const envoy = processIn(world, 'productpage-', 'envoy');
			const parent = processById(world, envoy.ppid);
			return { envoy: envoy.pid, parent: parent.pid, parentInContainer: parent.nsPid, parentComm: parent.comm };
		},
		// The node's PID of pilot-agent, or 1, the same process as its container numbers it.
		check: (a, f) => f.parentComm === 'pilot-agent' && [f.parent, f.parentInContainer].includes(answerNumber(a) ?? -1),
		solution: { lines: ['ss -ltnp', 'ps -o pid,ppid,comm -p 3074'], answer: '3059' },
		wrong: [
			{ why: "Envoy's own PID is not its parent's", lines: ['ss -ltnp'], answer: '3074' },
			{ why: 'the containerd shim starts pilot-agent, not Envoy', lines: ['ps -o pid,ppid,comm -p 3059'], answer: '3041' },
		],
	}),
	defineExercise({
		id: 'loopback-only-port',
		lab: LAB,
		answer: { kind: 'number' },
		facts: ({ run }) => {
			const listening = run('ss -ltn').stdout;
			const port = /\s127\.0\.0\.1:(\d+)\s/.exec(listening)?.[1];
			return { port: Number(must(port, 'a listener on 127.0.0.1')) };
		},
		check: (a, f) => answerIs(a, f.port),
		solution: { lines: ['ss -ltn'], answer: '15000' },
		wrong: [
			{ why: '15001 listens on 0.0.0.0', lines: ['ss -ltn'], answer: '15001' },
			{ why: '15020 listens on every address (*)', lines: ['ss -ltn'], answer: '15020' },
		],
	}),
	defineExercise({
		id: 'xds-socket',
		lab: LAB,
		facts: ({ run }) => {
			const unix = run('ss -xlp').stdout;
			const path = /(\S*\/XDS)\s/.exec(unix)?.[1];
			return { path: must(path, 'the XDS Unix socket') };
		},
		// Any listing that shows the socket: ss -x, ss -xl, ss -a, lsof -U, netstat -x…
		check: (a, f) => printed(a, new RegExp(`(^|[\\s/])${f.path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(\\s|$)`, 'm')),
		solution: { lines: ['ss -xlp'] },
		wrong: [
			{ why: 'TCP sockets only', lines: ['ss -ltnp'] },
			{ why: 'a socket is not a file cat can read; the error names the path but fails', lines: ['cat /etc/istio/proxy/XDS'] },
		],
	}),
	defineExercise({
		id: 'istiod-port',
		lab: LAB,
		answer: { kind: 'number' },
		facts: ({ run }) => {
			const conns = run('ss -tnp').stdout;
			const port = /:(\d+)\s+users:\(\("pilot-agent"/.exec(conns.split('\n').find((l) => l.includes('"pilot-agent"') && !l.includes('127.0.0.1')) ?? '')?.[1];
			return { port: Number(must(port, "pilot-agent's connection to istiod")) };
		},
		check: (a, f) => answerIs(a, f.port),
		solution: { lines: ['ss -tnp'], answer: '15012' },
		wrong: [
			{ why: '15010 is istiod’s plaintext port, which sidecars do not use', lines: ['kubectl get svc -n istio-system'], answer: '15010' },
			{ why: '15020 is pilot-agent’s own port', lines: ['ss -tnp'], answer: '15020' },
		],
	}),
];
