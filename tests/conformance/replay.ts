// Replays a kernel recording (tests/conformance/recordings/<case>/) in the simulator: the same
// pod namespace and rules, every connection of case.json opened with the ports the real one got
// (found in the tcpdump capture), then every other captured packet sent through the engine in
// time order, and every recorded command of the pod run at the point it ran.

import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { EMPTY_TABLE, type Direction } from '../../src/conntrack/types';
import { addAddress, addLink, addRoute, addRule, newNetns } from '../../src/netns/build';
import type { Netns } from '../../src/netns/types';
import { openConnection, sendPacket, type Connection, type OpenResult } from '../../src/netfilter/engine/connection';
import type { EngineState, Socket } from '../../src/netfilter/engine/types';
import { resolverFromFiles, type NameResolver } from '../../src/netfilter/names';
import { runXtables } from '../../src/netfilter/tool';
import { emptyState, type Backend } from '../../src/netfilter/types';

export const RECORDINGS = join(import.meta.dirname, 'recordings');
const HOST_ETC = join(import.meta.dirname, '../fixtures/iptables/etc/host');

export function caseNames(): string[] {
	if (!existsSync(RECORDINGS)) return [];
	return readdirSync(RECORDINGS).filter((d) => existsSync(join(RECORDINGS, d, 'case.json')) && existsSync(join(RECORDINGS, d, 'index.json'))).sort();
}

/* eslint-disable @typescript-eslint/no-explicit-any */
export interface Leg {
	initiator: string;
	uid: number;
	gid: number;
	src: string;
	dst: string;
	hook: 'OUTPUT' | 'PREROUTING';
	dev: string;
	nat: string[];
	acceptedBy: string;
	acceptedLocal: string;
	originalDst?: string;
}

export interface CaseFile {
	case: string;
	backend: Backend;
	rules: { text: string };
	policyRouting: string[];
	topology: { pods: any[] };
	processes: any[];
	connections: { id: string; expected: { legs: Leg[] } }[];
}

export interface IndexEntry {
	file: string;
	stderrFile: string | null;
	phase: string;
	command: string[];
	netns: string;
	exitCode: number;
}

export function readCase(name: string): { kase: CaseFile; index: IndexEntry[] } {
	const kase = JSON.parse(readFileSync(join(RECORDINGS, name, 'case.json'), 'utf8')) as CaseFile;
	const index = (JSON.parse(readFileSync(join(RECORDINGS, name, 'index.json'), 'utf8')) as { files: IndexEntry[] }).files;
	return { kase, index };
}

export function recorded(name: string, file: string): string {
	return readFileSync(join(RECORDINGS, name, file), 'utf8');
}

function must<T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
	if (!r.ok) throw new Error(r.error.message);
	return r.value;
}

export function resolverFor(kase: CaseFile): NameResolver {
	const pod = kase.topology.pods.find((p) => p.key === 'sidecar');
	const host = (f: string): string => readFileSync(join(HOST_ETC, f), 'utf8');
	return resolverFromFiles({ passwd: pod.etc.passwd, group: pod.etc.group, hosts: pod.etc.hosts, services: host('services'), protocols: host('protocols'), networks: host('networks') });
}

/** The sidecar pod's namespace from case.json: interfaces, addresses, routes, policy routing. */
export function podNetns(kase: CaseFile): Netns {
	const pod = kase.topology.pods.find((p) => p.key === 'sidecar');
	let ns = newNetns(pod.hostname);
	for (const i of pod.interfaces) {
		if (i.name === 'lo') continue;
		ns = must(addLink(ns, { name: i.name, mac: i.mac }));
		for (const a of i.addresses) ns = must(addAddress(ns, i.name, a));
	}
	for (const r of pod.routes as string[]) {
		const m = /^default via (\S+) dev (\S+)$/.exec(r);
		if (m) ns = must(addRoute(ns, { dst: 'default', via: m[1] ?? '', dev: m[2] ?? '' }));
	}
	for (const cmd of kase.policyRouting) {
		const rule = /^ip -4 rule add fwmark (\S+) lookup (\d+)$/.exec(cmd);
		if (rule) ns = addRule(ns, { fwmark: { value: Number(rule[1]), mask: 0xffffffff }, table: Number(rule[2]) });
		const route = /^ip -4 route add local default dev (\S+) table (\d+)$/.exec(cmd);
		if (route) ns = must(addRoute(ns, { dst: 'default', type: 'local', dev: route[1] ?? '', table: Number(route[2]) }));
	}
	return ns;
}

/** The stand-ins' listeners in the sidecar pod, as they reported them (`listening` events). */
export function podSockets(kase: CaseFile): Socket[] {
	const out: Socket[] = [];
	for (const p of kase.processes.filter((x) => x.pod === 'sidecar')) {
		for (const l of p.listening) {
			const [address = '', port = ''] = splitEndpoint(l.local);
			out.push({ kind: 'listen', proto: 'tcp', local: { address, port: Number(port) }, owner: { uid: p.uid, gid: p.gid }, name: `${p.key}/${l.listener}`, ...(l.transparent ? { transparent: true } : {}) });
		}
	}
	return out;
}

/** `10.244.1.5:9080`, `[::ffff:10.244.1.5]:15020`, `0.0.0.0:15001`. */
export function splitEndpoint(text: string): [string, string] {
	const m = /^\[(.*)\]:(\d+)$/.exec(text) ?? /^(.*):(\d+)$/.exec(text);
	const addr = (m?.[1] ?? '').replace(/^::ffff:/, '');
	return [addr, m?.[2] ?? ''];
}

export interface Captured {
	time: string;
	iface: 'eth0' | 'lo';
	src: string;
	sport: number;
	dst: string;
	dport: number;
	flags: string;
	length: number;
	payload: number;
}

/** TCP option lengths as tcpdump names them; the header is padded to 32-bit words. */
function optionBytes(text: string): number {
	let n = 0;
	for (const o of text.split(',')) {
		const w = o.trim();
		if (w.startsWith('mss')) n += 4;
		else if (w === 'sackOK') n += 2;
		else if (w.startsWith('TS')) n += 10;
		else if (w === 'nop' || w === 'eol') n += 1;
		else if (w.startsWith('wscale')) n += 3;
		else if (w.startsWith('sack')) n += 2 + 8 * (w.match(/\{/g)?.length ?? 0);
	}
	return Math.ceil(n / 4) * 4;
}

const LINE = /^(\S+) IP (\d+\.\d+\.\d+\.\d+)\.(\d+) > (\d+\.\d+\.\d+\.\d+)\.(\d+): Flags \[([^\]]*)\].*?(?:options \[([^\]]*)\])?, length (\d+)/;

export function readCapture(name: string, iface: 'eth0' | 'lo'): Captured[] {
	const file = join(RECORDINGS, name, 'capture', `tcpdump-i-${iface}.txt`);
	if (!existsSync(file)) return [];
	const out: Captured[] = [];
	for (const line of readFileSync(file, 'utf8').split('\n')) {
		const m = LINE.exec(line);
		if (m === null) continue;
		const payload = Number(m[8]);
		out.push({ time: m[1] ?? '', iface, src: m[2] ?? '', sport: Number(m[3]), dst: m[4] ?? '', dport: Number(m[5]), flags: m[6] ?? '', payload, length: 40 + optionBytes(m[7] ?? '') + payload });
	}
	return out;
}

export const FLAG_BITS: Record<string, number> = { F: 0x01, S: 0x02, R: 0x04, P: 0x08, '.': 0x10, U: 0x20, E: 0x40, W: 0x80 };
export const flagBits = (f: string): number => [...f].reduce((n, c) => n | (FLAG_BITS[c] ?? 0), 0);

/** The sidecar state right after the rules were applied (00-setup). */
export function initialState(kase: CaseFile): { state: EngineState; resolver: NameResolver } {
	const resolver = resolverFor(kase);
	const env = { resolver, now: () => new Date(0), defaultBackend: kase.backend };
	const r = runXtables(['iptables-restore', '--noflush'], kase.rules.text, emptyState(), env);
	if (r.result.exitCode !== 0) throw new Error(r.result.stderr);
	return { state: { netns: podNetns(kase), netfilter: r.state, conntrack: EMPTY_TABLE, sockets: podSockets(kase) }, resolver };
}

export interface Opened {
	readonly id: string;
	readonly leg: Leg;
	readonly result: OpenResult;
	readonly conn: Connection | undefined;
}

/** Where the first packet of a leg shows up in the capture: its device and its wire addresses. */
export function synWire(kase: CaseFile, leg: Leg): { iface: 'eth0' | 'lo'; src: string; dst: string; dport: number } {
	const [dst = '', dport = ''] = splitEndpoint(leg.dst);
	if (leg.hook === 'PREROUTING') return { iface: 'eth0', src: leg.src, dst, dport: Number(dport) };
	const acceptor = kase.processes.find((p) => p.key === leg.acceptedBy.split('/')[0]);
	if (acceptor?.pod === 'sidecar') {
		const [adst = '', aport = ''] = splitEndpoint(leg.acceptedLocal);
		return { iface: 'lo', src: leg.src, dst: adst, dport: Number(aport) };
	}
	return { iface: 'eth0', src: leg.src, dst, dport: Number(dport) };
}

export { openConnection, sendPacket };

/** How a captured packet is looked up: `iface src:sport > dst:dport`. */
export const wireKey = (iface: string, src: string, sport: number, dst: string, dport: number): string => `${iface} ${src}:${sport} > ${dst}:${dport}`;

/**
 * Where the recorder's tcpdump saw each direction of a connection, as wire keys: on lo both ways
 * when both ends are in the pod; on eth0 otherwise, with the pod's own address on its side (the
 * reply tuple of a locally opened connection is what eth0 carries after NAT).
 */
export function wireKeysOf(conn: Connection): readonly (readonly [string, Direction])[] {
	const o = conn.orig;
	const rp = conn.reply;
	if (conn.client.kind === 'local' && conn.server.kind === 'local') {
		return [
			[wireKey('lo', rp.dst, rp.dport, rp.src, rp.sport), 'original'],
			[wireKey('lo', o.dst, o.dport, o.src, o.sport), 'reply'],
		];
	}
	if (conn.client.kind === 'local') {
		return [
			[wireKey('eth0', rp.dst, rp.dport, rp.src, rp.sport), 'original'],
			[wireKey('eth0', rp.src, rp.sport, rp.dst, rp.dport), 'reply'],
		];
	}
	return [
		[wireKey('eth0', o.src, o.sport, o.dst, o.dport), 'original'],
		[wireKey('eth0', o.dst, o.dport, o.src, o.sport), 'reply'],
	];
}
