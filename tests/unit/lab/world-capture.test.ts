// tcpdump in the world lab: curl and nc publish every packet they make to the capture feed of each
// network namespace it crosses, and a tcpdump started with `&` (or in a shell further down the
// stack of nsenter shells) prints what its device sees, with bash's job notices around it.
//
// The shipped node (kindest/node) has no tcpdump, and the istio-proxy container runs as uid 1337
// without CAP_NET_RAW, so the captures here run on a variant whose node has the debugging tools
// installed, as a learner would with apt-get.

import { describe, expect, it } from 'vitest';
import { createWorldLab, type WorldLab } from '../../../src/lab/world-lab';
import { scenarioFiles } from '../world/helpers';
import { lab, PRODUCTPAGE, run, SLEEP, TOOLS_SCENARIO } from './helpers';


function toolsLab(): WorldLab {
	const made = createWorldLab({ files: { ...scenarioFiles(), 'tools/scenario.yaml': TOOLS_SCENARIO }, scenario: 'tools', tty: false });
	if (!made.ok) throw new Error(made.error);
	return made.lab;
}

/** What one line showed, stderr chunks marked with `!`. */
function shown(l: WorldLab, line: string): string {
	return l.shell.run(line).output.map((e) => (e.fd === 2 ? `!${e.text}` : e.text)).join('');
}

const BANNER = 'tcpdump: verbose output suppressed, use -v[v]... for full protocol decode\nlistening on eth0, link-type EN10MB (Ethernet), snapshot length 262144 bytes\n';
const SLEEP_PID = 3146;
const ENVOY_PID = 3074;

describe('tcpdump in the world lab', () => {
	it('the istio-proxy container (uid 1337, no CAP_NET_RAW) gets libpcap’s permission error; -D needs none', () => {
		const l = lab({ at: `${PRODUCTPAGE}/istio-proxy`, tty: false });
		expect(run(l, 'tcpdump -i lo -n')).toEqual({ stdout: '', stderr: "tcpdump: lo: You don't have permission to perform this capture on that device\n(socket: Operation not permitted)\n", exitCode: 1 });
		expect(run(l, 'tcpdump port 9080')).toEqual({ stdout: '', stderr: "tcpdump: eth0: You don't have permission to perform this capture on that device\n(socket: Operation not permitted)\n", exitCode: 1 });
		expect(run(l, 'tcpdump -D | head -3').stdout).toBe('1.eth0 [Up, Running, Connected]\n2.any (Pseudo-device that captures on all interfaces) [Up, Running]\n3.lo [Up, Running, Loopback]\n');
	});

	it('the shipped node has tcpdump (the course installs it), and lists the node\'s interfaces', () => {
		expect(run(lab({ tty: false }), 'type tcpdump')).toEqual({ stdout: 'tcpdump is /usr/bin/tcpdump\n', stderr: '', exitCode: 0 });
	});

	it('one connection seen from both ends: the same numbers on the client pod’s eth0 and the server pod’s eth0', () => {
		const l = toolsLab();
		expect(shown(l, `nsenter -t ${SLEEP_PID} -n`)).toBe('');
		expect(shown(l, 'tcpdump -i eth0 -n -c 3 &')).toBe(`![1] 3153\n!${BANNER}`);
		expect(shown(l, `nsenter -t ${ENVOY_PID} -n`)).toBe('');
		expect(shown(l, 'tcpdump -i eth0 -n -c 3 &')).toBe(`![1] 3156\n!${BANNER}`);
		const handshake = [
			'05:40:06.000000 IP 10.244.1.11.55293 > 10.244.1.5.9080: Flags [S], seq 716043771, win 64860, options [mss 1410,sackOK,TS val 2991587783 ecr 0,nop,wscale 10], length 0',
			'05:40:06.000037 IP 10.244.1.5.9080 > 10.244.1.11.55293: Flags [S.], seq 1996171511, ack 716043772, win 64308, options [mss 1410,sackOK,TS val 930346234 ecr 2991587783,nop,wscale 10], length 0',
			'05:40:06.000074 IP 10.244.1.11.55293 > 10.244.1.5.9080: Flags [.], ack 1, win 64, options [nop,nop,TS val 2991587783 ecr 930346234], length 0',
			'',
		].join('\n');
		const stats = '!3 packets captured\n3 packets received by filter\n0 packets dropped by kernel\n';
		// The line's own output first, then the jobs': this shell's (reported Done before the prompt), then the one below.
		expect(shown(l, `kubectl exec ${SLEEP} -- curl -s -o /dev/null -w '%{http_code}\\n' http://10.244.1.5:9080/`)).toBe(
			`200\n${handshake}${stats}![1]+  Done                    tcpdump -i eth0 -n -c 3\n${handshake}${stats}`,
		);
		// The shell below reports its job when it is the one at the prompt again.
		expect(shown(l, 'exit')).toBe('!exit\n');
		expect(shown(l, 'true')).toBe('![1]+  Done                    tcpdump -i eth0 -n -c 3\n');
	});

	it("a capture started in the middle of a pooled connection continues its numbers, and its clock never runs back", () => {
		// productpage's sidecar keeps its upstream connection to details in a pool: the second
		// request reuses it. One lab captures eth0 all along; the other captures one packet of the
		// first request, then the second request alone. The second request's packets must carry the
		// same sequence and acknowledgement numbers in both (-S: absolute), and come later than
		// everything the first capture printed.
		const CURL = 'curl -s -o /dev/null http://10.96.0.50:9080/details/0';
		const packets = (out: string): string[] => out.split('\n').filter((l) => /^\d\d:\d\d:\d\d\.\d{6} IP /.test(l));
		const stamp = (line: string): string => line.slice(0, 15);
		const numbers = (line: string): string => line.slice(16).replace(/TS val \d+ ecr \d+/, 'TS');

		const whole = lab({ at: PRODUCTPAGE, tty: false });
		run(whole, 'tcpdump -i eth0 -nn -S &');
		const before = packets(shown(whole, CURL)).length;
		const seenWhole = packets(shown(whole, CURL));
		expect(before).toBeGreaterThan(0);
		// No new handshake: the pooled connection carries the request.
		expect(seenWhole.some((l) => l.includes('Flags [S]'))).toBe(false);

		const late = lab({ at: PRODUCTPAGE, tty: false });
		run(late, 'tcpdump -i eth0 -nn -S -c 1 &');
		const first = packets(shown(late, CURL));
		expect(first).toHaveLength(1);
		run(late, 'tcpdump -i eth0 -nn -S &');
		const second = packets(shown(late, CURL));
		expect(second.map(numbers)).toEqual(seenWhole.map(numbers));
		expect(second.every((l) => /ack [1-9]\d*/.test(l) || !/ ack /.test(l))).toBe(true);
		const times = [...first, ...second].map(stamp);
		expect(times).toEqual([...times].sort());
		expect(stamp(second[0] ?? '') > stamp(first[0] ?? '')).toBe(true);
	});

	it('a capture is a process of the world while it runs; kill %1 ends it with its statistics', () => {
		const l = toolsLab();
		shown(l, `nsenter -t ${SLEEP_PID} -n`);
		expect(shown(l, 'tcpdump -i eth0 -n port 9999 &')).toBe(`![1] 3153\n!${BANNER}`);
		expect(shown(l, 'ps -o pid,ppid,args | tail -3')).toBe('   3151    3149 /bin/bash\n   3153    3151 tcpdump -i eth0 -n port 9999\n   3155    3151 ps -o pid,ppid,args\n');
		// Envoy's inbound listener takes any port of the pod: nc connects, and closes at once.
		expect(shown(l, 'nc -zv 10.244.1.5 9999 && nc -z 10.244.1.5 9080')).toBe(
			[
				'!Connection to 10.244.1.5 9999 port [tcp/*] succeeded!',
				'05:40:05.000000 IP 10.244.1.11.54711 > 10.244.1.5.9999: Flags [S], seq 716043771, win 64860, options [mss 1410,sackOK,TS val 2991586783 ecr 0,nop,wscale 10], length 0',
				'05:40:05.000037 IP 10.244.1.5.9999 > 10.244.1.11.54711: Flags [S.], seq 1996171511, ack 716043772, win 64308, options [mss 1410,sackOK,TS val 930345234 ecr 2991586783,nop,wscale 10], length 0',
				'05:40:05.000074 IP 10.244.1.11.54711 > 10.244.1.5.9999: Flags [.], ack 1, win 64, options [nop,nop,TS val 2991586783 ecr 930345234], length 0',
				'05:40:05.000111 IP 10.244.1.11.54711 > 10.244.1.5.9999: Flags [F.], seq 1, ack 1, win 64, options [nop,nop,TS val 2991586783 ecr 930345234], length 0',
				'05:40:05.000148 IP 10.244.1.5.9999 > 10.244.1.11.54711: Flags [F.], seq 1, ack 2, win 63, options [nop,nop,TS val 930345234 ecr 2991586783], length 0',
				'05:40:05.000185 IP 10.244.1.11.54711 > 10.244.1.5.9999: Flags [.], ack 2, win 64, options [nop,nop,TS val 2991586783 ecr 930345234], length 0',
				'',
			].join('\n'),
		);
		expect(shown(l, 'jobs')).toBe('[1]+  Running                 tcpdump -i eth0 -n port 9999 &\n');
		expect(shown(l, 'kill %1')).toBe('\n!6 packets captured\n6 packets received by filter\n0 packets dropped by kernel\n![1]+  Done                    tcpdump -i eth0 -n port 9999\n');
		expect(shown(l, 'ps -o pid,args | grep -c tcpdump')).toBe('0\n');
	});

	it('in the foreground, a capture with nothing more to come ends as Ctrl-C ends it; reset forgets every capture', () => {
		const l = toolsLab();
		shown(l, `nsenter -t ${ENVOY_PID} -n`);
		expect(shown(l, 'tcpdump -i lo -n -c 2')).toBe(`!${BANNER.replace('eth0', 'lo')}\n!0 packets captured\n0 packets received by filter\n0 packets dropped by kernel\n`);
		shown(l, 'tcpdump -i lo -n &');
		expect(l.handle.traffic?.feed(`pod/default/${PRODUCTPAGE}`)).toMatchObject({ subscribers: 1 });
		expect(shown(l, 'reset')).toBe('');
		expect(l.handle.traffic?.feed(`pod/default/${PRODUCTPAGE}`)).toMatchObject({ subscribers: 0 });
		expect(shown(l, 'jobs')).toBe('');
	});
});

describe('kubectl exec without -c', () => {
	it('uses the default-container annotation silently (kubectl 1.32)', () => {
		expect(run(lab({ tty: false }), `kubectl exec ${PRODUCTPAGE} -- id`)).toEqual({ stdout: 'uid=1000 gid=0(root) groups=0(root)\n', stderr: '', exitCode: 0 });
	});

	it('names the first container when the pod has no annotation and other containers', () => {
		expect(run(lab({ tty: false }), 'kubectl exec -n kube-flannel kube-flannel-ds-x5m8r -- cat /run/flannel/subnet.env').stderr).toMatch(/^Defaulted container "kube-flannel" out of: kube-flannel, install-cni-plugin \(init\), install-cni \(init\)\n/);
	});
});
