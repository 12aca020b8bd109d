// Changing the world returns a new one; the old one is untouched, and the numbers come from the
// world's own seeded allocators.

import { describe, expect, it } from 'vitest';
import { openConnection } from '../../../src/netfilter/engine';
import {
	allocatePort,
	applyEngineState,
	closeSocket,
	engineState,
	exitProcess,
	netnsOf,
	openEstablished,
	openListener,
	openUnixPair,
	processByPid,
	spawnProcess,
	worldSocketOf,
	type World,
} from '../../../src/world';
import { mustBuild } from './helpers';

const world: World = mustBuild('bookinfo');
const page = world.pods.find((p) => p.name.startsWith('productpage'));
const ns = page?.netns ?? '';
const proc = (comm: string) => {
	const p = world.processes.find((x) => x.comm === comm && x.container?.pod === page?.key);
	if (p === undefined) throw new Error(comm);
	return p;
};
const app = proc('gunicorn');
const envoy = proc('envoy');
const frozen = structuredClone(world);

describe('openListener', () => {
	it('binds a free port with the process’s next fd and a fresh inode', () => {
		const r = openListener(world, { netns: ns, pid: app.pid, proto: 'tcp', address: '0.0.0.0', port: 8080 }, world.builtAt);
		if (!r.ok) throw new Error(r.error);
		expect(r.socket).toMatchObject({ state: 'LISTEN', local: { address: '0.0.0.0', port: 8080 }, owner: { uid: 1000, gid: 0 }, refs: [{ pid: app.pid, fd: app.nextFd }], backlog: 4096 });
		expect(r.socket.inode).toBeGreaterThanOrEqual(world.alloc.nextInode);
		expect(processByPid(r.world, app.pid)?.nextFd).toBe(app.nextFd + 1);
		expect(r.world.netns[ns]?.sockets.at(-1)).toBe(r.socket);
	});

	it.each([
		['a port Envoy holds on the wildcard', '127.0.0.1', 15001],
		['the app’s own dual-stack port', '0.0.0.0', 9080],
	])('refuses %s with EADDRINUSE', (_, address, port) => {
		expect(openListener(world, { netns: ns, pid: app.pid, proto: 'tcp', address, port }, world.builtAt)).toEqual({ ok: false, error: 'EADDRINUSE' });
	});
});

describe('ports, sockets and processes', () => {
	it('allocates ephemeral ports deterministically, away from ports in use', () => {
		const a = allocatePort(world, ns, '10.244.1.5');
		const b = allocatePort(world, ns, '10.244.1.5');
		expect(a).toEqual(b);
		const c = allocatePort(a?.world ?? world, ns, '10.244.1.5');
		expect(c?.port).not.toBe(a?.port);
		expect(a?.port).toBeGreaterThanOrEqual(32768);
	});

	it('closes a socket, or leaves it in TIME_WAIT without owner', () => {
		const r = openEstablished(world, { netns: ns, pid: app.pid, local: { address: '10.244.1.5', port: 40000 }, remote: { address: '10.96.0.50', port: 9080 } }, world.builtAt);
		if (!r.ok) throw new Error(r.error);
		expect(closeSocket(r.world, ns, r.socket.inode).netns[ns]?.sockets).toEqual(world.netns[ns]?.sockets);
		const tw = closeSocket(r.world, ns, r.socket.inode, { timeWait: true, at: world.builtAt + 5 }).netns[ns]?.sockets.at(-1);
		expect(tw).toMatchObject({ state: 'TIME_WAIT', refs: [], closedAt: world.builtAt + 5 });
	});

	it('connects two processes over a unix socket', () => {
		const r = openUnixPair(world, ns, envoy.pid, proc('pilot-agent').pid, 'etc/istio/proxy/XDS', world.builtAt);
		expect(r?.client.peer).toBe(r?.server.inode);
		expect(r?.server.path).toBe('etc/istio/proxy/XDS');
	});

	it('spawns a process with a new PID and ends it, closing what only it held', () => {
		const s = spawnProcess(world, { ppid: app.pid, nsPpid: 1, uid: 1000, gid: 0, groups: [], comm: 'curl', argv: ['curl', 'reviews:9080'], cwd: '/', container: app.container, netns: ns, capabilities: [], threads: 1, role: 'curl' }, world.builtAt);
		expect(s.process.pid).toBeGreaterThan(world.processes.at(-1)?.pid ?? 0);
		const l = openListener(s.world, { netns: ns, pid: s.process.pid, proto: 'tcp', address: '127.0.0.1', port: 7777 }, world.builtAt);
		if (!l.ok) throw new Error(l.error);
		const gone = exitProcess(l.world, s.process.pid);
		expect(processByPid(gone, s.process.pid)).toBeUndefined();
		expect(gone.netns[ns]?.sockets).toEqual(world.netns[ns]?.sockets);
	});

	it('Envoy exiting takes its listeners with it, but not the agent’s', () => {
		const gone = exitProcess(world, envoy.pid);
		const left = gone.netns[ns]?.sockets.filter((s) => s.kind === 'inet' && s.state === 'LISTEN').map((s) => (s.kind === 'inet' ? s.local.port : 0));
		expect(left).toEqual([9080, 15020]);
	});
});

describe('packet evaluation through the world', () => {
	it('an inbound connection to 9080 lands on Envoy’s virtualInbound listener', () => {
		const before = engineState(netnsOf(world, ns));
		const r = openConnection(before, { protocol: 'tcp', from: { kind: 'remote', iface: 'eth0' }, src: '10.244.1.11', sport: 45678, dst: '10.244.1.5', dport: 9080 }, { now: world.builtAt });
		expect(r.fate.kind).toBe('delivered');
		const listener = r.fate.kind === 'delivered' ? worldSocketOf(world.netns[ns]?.sockets ?? [], r.fate.socket) : undefined;
		expect(listener?.label).toBe('envoy/virtualInbound');
		expect(r.originalDst).toEqual({ address: '10.244.1.5', port: 9080 });
		const after = applyEngineState(world, ns, r.state);
		expect(after.netns[ns]?.conntrack.entries.length).toBe((world.netns[ns]?.conntrack.entries.length ?? 0) + 1);
	});
});

it('leaves the original world untouched', () => {
	expect(world).toEqual(frozen);
});
