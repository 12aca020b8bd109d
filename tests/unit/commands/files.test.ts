import { describe, expect, it } from 'vitest';
import { procNetTcp, procNetTcp6 } from '../../../src/commands/files/proc-net-tcp';
import type { InetSocket } from '../../../src/world/types';
import { lab, PRODUCTPAGE, run } from '../lab/helpers';
import { golden, recorded } from './golden';

// /proc/net/tcp and tcp6 recorded on Linux 6.18 (tests/unit/commands/recorded/files/): a
// listener on 127.0.0.1:15000 and its connection, a dual-stack listener on :::15020 and the IPv4
// connection it accepted. The sockets below are those, with the recorded inodes.

const sock = (over: Partial<InetSocket>): InetSocket => ({ kind: 'inet', inode: 0, proto: 'tcp', family: 'ipv4', state: 'LISTEN', local: { address: '127.0.0.1', port: 15000 }, owner: { uid: 0, gid: 0 }, refs: [{ pid: 1, fd: 3 }], label: 'x', createdAt: 0, ...over });

const RECORDED_SOCKETS: InetSocket[] = [
	sock({ inode: 555177 }),
	sock({ inode: 555181, state: 'ESTABLISHED', local: { address: '127.0.0.1', port: 40844 }, remote: { address: '127.0.0.1', port: 15020 } }),
	sock({ inode: 555178, family: 'ipv6', local: { address: '::', port: 15020 } }),
	sock({ inode: 555182, family: 'ipv6', state: 'ESTABLISHED', local: { address: '::ffff:127.0.0.1', port: 15020 }, remote: { address: '::ffff:127.0.0.1', port: 40844 }, label: 'x/accepted' }),
];

/** The kernel's pointer (%pK) and the rto/ato/cwnd tail depend on the socket's life; compare the rest. */
const shape = (text: string): string => text.replace(/ [0-9a-f]{16} (\d+ \d+ \d+ \d+ -?\d+)/g, ' <ptr> <tail>');

describe('/proc/net/tcp', () => {
	it('matches the kernel’s lines field by field, padded to 149 columns', () => {
		const o = { kernelPointers: false, now: 0, seed: 1 };
		const want = recorded('files/proc-net-tcp.txt').split('\n');
		const got = procNetTcp(RECORDED_SOCKETS, o).split('\n');
		expect(got.slice(0, 2)).toEqual(want.slice(0, 2).map((l) => l.replace(/ [0-9a-f]{16} /, ' 0000000000000000 ')));
		expect(shape(got[2] ?? '').trimEnd()).toBe(shape(want[2] ?? '').trimEnd());
		expect(got.every((l) => l === '' || l.length === 149)).toBe(true);
	});

	it('tcp6: the dual-stack listener and the v4-mapped connection it accepted, unpadded', () => {
		const got = procNetTcp6(RECORDED_SOCKETS, { kernelPointers: false, now: 0, seed: 1 });
		expect(shape(got)).toBe(shape(recorded('files/proc-net-tcp6.txt')));
	});

	it('in the proxy container: the pod’s sockets, uid 1337, no kernel addresses (no CAP_SYSLOG)', () => {
		const out = run(lab({ at: `${PRODUCTPAGE}/istio-proxy` }), 'cat /proc/net/tcp').stdout;
		expect(out).toBe(golden('proc-net-tcp.istio-proxy.txt', out));
		expect(out.split('\n')[1]).toMatch(/^ {3}0: 0100007F:3A98 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1337        0 \d+ 1 0000000000000000 100 0 0 10 0 +$/);
	});

	it('on the node: the node’s sockets, with kernel addresses for root', () => {
		const out = run(lab(), 'cat /proc/net/tcp6').stdout;
		expect(out).toBe(golden('proc-net-tcp6.node.txt', out));
	});
});

describe('other files', () => {
	it('/etc/passwd and /etc/hosts of a pod', () => {
		const l = lab({ at: `${PRODUCTPAGE}/istio-proxy` });
		expect(run(l, 'tail -1 /etc/passwd').stdout).toBe('istio-proxy:x:1337:1337::/home/istio-proxy:/bin/sh\n');
		expect(run(l, 'tail -1 /etc/hosts').stdout).toBe(`10.244.1.5\t${PRODUCTPAGE}\n`);
	});

	it('the kubelet’s container logs on the node', () => {
		const l = lab();
		const out = run(l, `head -2 /var/log/pods/default_${PRODUCTPAGE}_2f8a5fa2-f39e-4aff-96bf-3546eb4ac7e9/istio-init/0.log`).stdout;
		expect(out).toBe('2026-11-21T04:12:11Z stdout F 2026-11-21T04:12:11.000000Z\tinfo\tIstio iptables environment:\n2026-11-21T04:12:11Z stdout F ENVOY_PORT=\n');
	});
});
