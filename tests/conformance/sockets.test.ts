// Conformance of ss and netstat with the real kernel: every kernel recording
// (tests/conformance/recordings/<case>) is replayed through the packet engine (./replay.ts) and
// the socket table the replay implies is rendered for every recorded ss and netstat output of the
// sidecar pod and of the peer pod.
//
// The table comes from the simulator: the stand-ins' listeners (case.json), the sockets each
// recorded connection leaves behind as the engine opens it (a dialer, an accepted socket, on the
// addresses the engine's NAT chose), and, after the capture's FINs, TIME-WAIT for the side that
// closed first. What the kernel chose and the replay cannot know is taken from the recording
// itself: PIDs (case.json), fds (`ss -tanp`/`ss -ltnp`), inodes and socket cookies (`ss -tnep`),
// and for `ss -s` the two machine-wide counts (other namespaces' TCP sockets, the recorder's own
// sockets). The kernel lists sockets in hash order, so rows are compared as a set; the header line
// (and with it every column width) must match exactly.

import { describe, expect, it } from 'vitest';
import { runNetstat } from '../../src/commands/netstat';
import { runSs } from '../../src/commands/ss';
import type { Direction } from '../../src/conntrack/types';
import type { Connection } from '../../src/netfilter/engine/connection';
import type { EngineState, Socket as EngineSocket } from '../../src/netfilter/engine/types';
import { namesFrom } from '../../src/sockets-view/names';
import type { ProcView, SocketTable } from '../../src/sockets-view/types';
import type { InetSocket, Socket } from '../../src/world/types';
import { caseNames, initialState, openConnection, readCapture, readCase, recorded, splitEndpoint, synWire, type CaseFile, type Captured, type IndexEntry } from './replay';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const SERVICES = readFileSync(join(import.meta.dirname, '../fixtures/iptables/etc/host/services'), 'utf8');

/** What one socket of the replay is: its world form, and who holds it. */
interface Held {
	socket: InetSocket;
	proc: string | undefined;
}

interface Phases {
	readonly before: Held[];
	readonly open: Held[];
	readonly closed: Held[];
	readonly peerOpen: Held[];
	readonly problems: string[];
}

/** `[::ffff:10.244.1.5]:15020` as ss -n prints an endpoint; the key of a row. */
function ssEndpoint(address: string, port: number): string {
	const host = !address.includes(':') ? address : address === '::' ? '*' : `[${address}]`;
	return `${host}:${port === 0 ? '*' : port}`;
}

const rowKey = (s: InetSocket): string => `${ssEndpoint(s.local.address, s.local.port)} ${s.remote ? ssEndpoint(s.remote.address, s.remote.port) : s.family === 'ipv6' ? '*:*' : '0.0.0.0:*'}`;

let nextInode = 1;

function inet(local: { address: string; port: number }, remote: { address: string; port: number } | undefined, state: InetSocket['state'], family: 'ipv4' | 'ipv6', uid: number, extra: Partial<InetSocket> = {}): InetSocket {
	const map = (a: string): string => (family === 'ipv6' && !a.includes(':') ? `::ffff:${a}` : a);
	return {
		kind: 'inet',
		inode: nextInode++,
		proto: 'tcp',
		family,
		state,
		local: { address: map(local.address), port: local.port },
		...(remote ? { remote: { address: map(remote.address), port: remote.port } } : {}),
		owner: { uid, gid: uid },
		refs: [],
		label: 'replayed',
		createdAt: 0,
		...extra,
	};
}

const toMs = (time: string): number => {
	const [h = '0', m = '0', s = '0'] = time.split(':');
	return Math.round((Number(h) * 3600 + Number(m) * 60 + Number(s)) * 1000);
};

function replaySockets(kase: CaseFile, name: string): Phases {
	const problems: string[] = [];
	const init = initialState(kase);
	let state: EngineState = init.state;
	const procOfListener = new Map<string, string>();
	const listenerInfo = new Map<string, { family: 'ipv4' | 'ipv6'; backlog: number }>();
	for (const p of kase.processes) {
		for (const l of p.listeners as { name: string; addr: string; backlog: number }[]) {
			listenerInfo.set(`${p.key}/${l.name}`, { family: l.addr.includes(':') ? 'ipv6' : 'ipv4', backlog: l.backlog });
			procOfListener.set(`${p.key}/${l.name}`, p.key);
		}
	}
	const listeners = (pod: string): Held[] =>
		kase.processes
			.filter((p) => p.pod === pod)
			.flatMap((p) =>
				(p.listeners as { name: string; addr: string; port: number; backlog: number }[]).map((l) => ({
					socket: inet({ address: l.addr, port: l.port }, undefined, 'LISTEN', l.addr.includes(':') ? 'ipv6' : 'ipv4', p.uid, { backlog: l.backlog }),
					proc: p.key,
				})),
			);
	const before = listeners('sidecar');
	const packets: Captured[] = [...readCapture(name, 'eth0'), ...readCapture(name, 'lo')].sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));
	const claimed = new Set<Captured>();
	const opened: { conn: Connection; clientProc: string | undefined; serverProc: string | undefined; serverFamily: 'ipv4' | 'ipv6'; uid: { client: number; server: number } }[] = [];
	for (const c of kase.connections) {
		for (const leg of c.expected.legs) {
			const w = synWire(kase, leg);
			const syn = packets.find((p) => !claimed.has(p) && p.flags === 'S' && p.iface === w.iface && p.src === w.src && p.dst === w.dst && p.dport === w.dport);
			if (syn === undefined) {
				problems.push(`${c.id}: no SYN in the capture`);
				continue;
			}
			claimed.add(syn);
			const [dst = '', dport = ''] = splitEndpoint(leg.dst);
			const from = leg.hook === 'PREROUTING' ? { kind: 'remote' as const, iface: 'eth0' } : { kind: 'local' as const, uid: leg.uid, gid: leg.gid };
			const r = openConnection(state, { from, src: leg.src, sport: syn.sport, dst, dport: Number(dport) }, { now: toMs(syn.time) });
			state = r.state;
			if (r.connection === undefined) {
				problems.push(`${c.id}: not opened (${r.fate.kind})`);
				continue;
			}
			const listener = r.fate.kind === 'delivered' && r.fate.socket !== 'assumed' ? (r.fate.socket as EngineSocket).name : undefined;
			const info = listener === undefined ? undefined : listenerInfo.get(listener);
			opened.push({
				conn: r.connection,
				clientProc: leg.hook === 'PREROUTING' ? 'peer-app' : leg.initiator,
				serverProc: listener === undefined ? leg.acceptedBy.split('/')[0] : procOfListener.get(listener),
				serverFamily: info?.family ?? 'ipv4',
				uid: { client: leg.uid, server: (kase.processes.find((p) => p.key === (listener === undefined ? leg.acceptedBy.split('/')[0] : procOfListener.get(listener)))?.uid as number) ?? 0 },
			});
		}
	}
	// Every socket the connections left, on either side, in the pod or in the peer.
	const podSide: { held: Held; conn: Connection; dir: Direction }[] = [];
	const peerSide: Held[] = [];
	for (const o of opened) {
		const { conn } = o;
		const client = inet({ address: conn.orig.src, port: conn.orig.sport }, { address: conn.orig.dst, port: conn.orig.dport }, 'ESTABLISHED', 'ipv4', o.uid.client);
		const server = inet({ address: conn.reply.src, port: conn.reply.sport }, { address: conn.reply.dst, port: conn.reply.dport }, 'ESTABLISHED', o.serverFamily, o.uid.server);
		if (conn.client.kind === 'local') podSide.push({ held: { socket: client, proc: o.clientProc }, conn, dir: 'original' });
		else peerSide.push({ socket: client, proc: 'peer-app' });
		if (conn.server.kind === 'local') podSide.push({ held: { socket: server, proc: o.serverProc }, conn, dir: 'reply' });
		else peerSide.push({ socket: server, proc: 'peer-app' });
	}
	// Who closed first: the side whose FIN the capture shows first keeps a TIME-WAIT socket.
	const firstFin = new Map<Connection, Direction>();
	for (const p of packets) {
		if (!p.flags.includes('F')) continue;
		for (const o of opened) {
			if (firstFin.has(o.conn)) continue;
			const { orig, reply } = o.conn;
			const fromClient = (p.src === orig.src && p.sport === orig.sport) || (p.src === reply.dst && p.sport === reply.dport && p.dst === reply.src && p.dport === reply.sport);
			const fromServer = (p.src === reply.src && p.sport === reply.sport && p.dst === reply.dst && p.dport === reply.dport) || (p.dst === orig.src && p.dport === orig.sport);
			if (fromClient) firstFin.set(o.conn, 'original');
			else if (fromServer) firstFin.set(o.conn, 'reply');
		}
	}
	const closed: Held[] = [...before];
	for (const s of podSide) {
		const first = firstFin.get(s.conn);
		if (first === undefined) problems.push(`no FIN for ${rowKey(s.held.socket)}`);
		if (first === s.dir) closed.push({ socket: { ...s.held.socket, state: 'TIME_WAIT', owner: { uid: 0, gid: 0 }, closedAt: 0 }, proc: undefined });
	}
	return { before, open: [...before, ...podSide.map((s) => s.held)], closed, peerOpen: [...listeners('peer'), ...peerSide], problems };
}

/** users:(("envoy",pid=23795,fd=4)) -> fd 4; ino:315857 sk:69d from ss -tnep. */
function recordedFacts(name: string, index: readonly IndexEntry[], netns: string): { fds: Map<string, number>; inodes: Map<string, number>; cookies: Map<string, number> } {
	const fds = new Map<string, number>();
	const inodes = new Map<string, number>();
	const cookies = new Map<string, number>();
	for (const e of index) {
		if (e.netns !== netns || e.command[0] !== 'ss') continue;
		for (const line of recorded(name, e.file).split('\n').slice(1)) {
			const f = line.trim().split(/\s+/);
			const at = f[0] === 'LISTEN' || f[0] === 'ESTAB' || f[0] === 'TIME-WAIT' ? 3 : 2;
			const key = `${f[at]} ${f[at + 1]}`;
			const fd = /fd=(\d+)\)\)/.exec(line)?.[1];
			if (fd !== undefined) fds.set(key, Number(fd));
			const ino = /\bino:(\d+)/.exec(line)?.[1];
			if (ino !== undefined && ino !== '0') inodes.set(key, Number(ino));
			const sk = /\bsk:([0-9a-f]+)/.exec(line)?.[1];
			if (sk !== undefined) cookies.set(key, parseInt(sk, 16));
		}
	}
	return { fds, inodes, cookies };
}

function tableOf(kase: CaseFile, pod: string, held: readonly Held[], facts: ReturnType<typeof recordedFacts>, sockstat?: SocketTable['sockstat']): SocketTable {
	const pids = new Map(kase.processes.map((p) => [p.key as string, p.pid as number]));
	const cookies = new Map<number, number>();
	const sockets: Socket[] = held.map((h) => {
		const key = rowKey(h.socket);
		const inode = facts.inodes.get(key) ?? h.socket.inode;
		const c = facts.cookies.get(key);
		if (c !== undefined) cookies.set(inode, c);
		const pid = h.proc === undefined ? undefined : pids.get(h.proc);
		const fd = facts.fds.get(key);
		return { ...h.socket, inode, refs: pid !== undefined && fd !== undefined ? [{ pid, fd }] : [] };
	});
	const procs = new Map<number, ProcView>(kase.processes.filter((p) => p.pod === pod).map((p) => [p.pid as number, { pid: p.pid as number, comm: p.comm as string, argv0: p.argv0 as string, uid: p.uid as number, readable: true }]));
	const etc = kase.topology.pods.find((p) => p.key === pod)?.etc as { hosts?: string; passwd?: string } | undefined;
	return { sockets, procs, names: namesFrom({ services: SERVICES, ...(etc?.hosts !== undefined ? { hosts: etc.hosts } : {}), ...(etc?.passwd !== undefined ? { passwd: etc.passwd } : {}) }), now: 0, cookies, ...(sockstat ? { sockstat } : {}) };
}

const rows = (text: string): { head: string; body: string[] } => {
	const lines = text.split('\n');
	const head = lines.findIndex((l) => /^(State|Netid|Proto|Recv-Q)/.test(l));
	return { head: lines.slice(0, head + 1).join('\n'), body: lines.slice(head + 1).sort() };
};

/** ss -s: the counts of other namespaces and of the recorder's own sockets, from the file. */
function sockstatOf(text: string, table: SocketTable): SocketTable['sockstat'] {
	const total = Number(/^Total: (\d+)/m.exec(text)?.[1]);
	const tcp = /^TCP: +(\d+) \(.*timewait (\d+)\)/m.exec(text);
	const listed = table.sockets.filter((s) => !(s.kind === 'inet' && s.state === 'TIME_WAIT')).length;
	return { tcpAllocated: Number(tcp?.[1]) - Number(tcp?.[2]), otherSockets: total - listed };
}

const CASES = caseNames();

describe.runIf(CASES.length > 0).each(CASES)('sockets of the kernel recording %s', (name) => {
	const { kase, index } = readCase(name);
	const phases = replaySockets(kase, name);

	it('replays every connection and its close', () => {
		expect(phases.problems).toEqual([]);
	});

	const files = index.filter((e) => (e.command[0] === 'ss' || e.command[0] === 'netstat') && ['slrec-pod', 'slrec-peer'].includes(e.netns));
	it.each(files.map((e) => [e.file, e] as const))('%s', (_, e) => {
		const peer = e.netns === 'slrec-peer';
		const held = peer ? phases.peerOpen : e.phase === '01-before' ? phases.before : e.phase === '03-closed' ? phases.closed : phases.open;
		const facts = recordedFacts(name, index, e.netns);
		let table = tableOf(kase, peer ? 'peer' : 'sidecar', held, facts);
		const want = recorded(name, e.file);
		if (e.command.includes('-s')) table = { ...table, sockstat: sockstatOf(want, table) };
		const r = e.command[0] === 'ss' ? runSs(e.command.slice(1), table) : runNetstat(e.command.slice(1), table);
		expect(e.command.includes('-s') ? r.stdout : rows(r.stdout)).toEqual(e.command.includes('-s') ? want : rows(want));
		expect(r.stderr).toBe(e.stderrFile === null ? '' : recorded(name, e.stderrFile));
		expect(r.exitCode).toBe(e.exitCode);
	});
});
