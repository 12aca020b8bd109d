// The processes of an ordinary container (or of the node itself) from the scenario's process
// specs: PID 1 first, then children (prefork workers inherit the parent's listening sockets), each
// opening its listeners and long-lived connections when it starts.

import type { ProcessSpec } from '../scenario/schema';
import type { Random } from '../random';
import type { Capability, ContainerRef, Millis, Process } from '../types';
import { connect } from './connect';
import type { BuildContext, Mutable, MutableNetns } from './context';
import { inherit, listenInet, listenUnix } from './sockets';

export interface ProcessTreeInput {
	readonly specs: readonly ProcessSpec[];
	/** argv of PID 1 when the pod spec sets command/args (it wins over the spec's). */
	readonly argv?: readonly string[];
	readonly startedAt: Millis;
	readonly uid: number;
	readonly gid: number;
	readonly cwd: string;
	readonly container?: ContainerRef;
	/** Parent of PID 1: the container's shim, or 0 for the node's init. */
	readonly ppid: number;
	readonly caps: (uid: number) => Capability[];
	readonly role: string;
	/** PID 1 of a container has PID 1 in its namespace; the node's processes use host PIDs. */
	readonly ownPidNamespace: boolean;
	readonly label: string;
}

/** `26h`, `1s`, `3d4h` -> milliseconds. */
export function durationMs(d: string | undefined): number {
	if (d === undefined) return 0;
	const unit: Record<string, number> = { d: 86400000, h: 3600000, m: 60000, s: 1000 };
	let ms = 0;
	for (const m of d.matchAll(/(\d+)([dhms])/g)) ms += Number(m[1]) * (unit[m[2] ?? 's'] ?? 0);
	return ms;
}

export function startProcessTree(ctx: BuildContext, ns: MutableNetns, t: ProcessTreeInput): Mutable<Process>[] {
	const random: Random = ctx.random(`processes/${t.label}`);
	const byName = new Map<string, Mutable<Process>[]>();
	const started: Mutable<Process>[] = [];
	let first: Mutable<Process> | undefined;
	t.specs.forEach((spec, i) => {
		const at = t.startedAt + durationMs(spec.startedAfter);
		const argv = i === 0 && t.argv !== undefined ? t.argv : (spec.argv ?? t.argv ?? [spec.comm]);
		const parent = spec.parent === undefined ? first : byName.get(spec.parent)?.[0];
		const uid = spec.uid ?? t.uid;
		const gid = spec.gid ?? t.gid;
		const copies: Mutable<Process>[] = [];
		for (let n = 0; n < spec.count; n++) {
			const pid = ctx.nextPid(at + n);
			const nsPid = t.ownPidNamespace ? (first === undefined ? 1 : pid - first.pid + 1) : pid;
			const ppid = parent?.pid ?? t.ppid;
			const nsPpid = t.ownPidNamespace ? (parent === undefined ? 0 : parent.nsPid) : ppid;
			const p = ctx.spawn({ at: at + n, pid, ppid, nsPid, nsPpid, uid, gid, comm: spec.comm, argv, cwd: t.cwd, ...(t.container ? { container: t.container } : {}), netns: ns.id, capabilities: t.caps(uid), threads: spec.threads, fdBase: 3, role: i === 0 ? t.role : `${t.role}/${spec.name}` });
			first ??= p;
			copies.push(p);
		}
		byName.set(spec.name, copies);
		started.push(...copies);
		for (const l of spec.listen) {
			listenInet(ctx, ns, copies.slice(0, 1), { proto: l.proto, address: l.address, port: l.port, ...(l.v6only ? { v6only: true } : {}), backlog: l.backlog, label: l.label ?? `${spec.name}/${l.port}` }, at + 50, random);
		}
		for (const u of spec.listenUnix) listenUnix(ctx, ns, copies[0] as Mutable<Process>, u.path, u.label ?? `${spec.name}/unix`, at + 50, random);
		if (spec.inherits !== undefined) {
			const owners = new Set((byName.get(spec.inherits) ?? []).map((p) => p.pid));
			for (const s of [...ns.sockets]) {
				if (s.kind === 'inet' && s.state === 'LISTEN' && s.refs.some((r) => owners.has(r.pid))) inherit(s, ns, copies);
			}
		}
		for (const c of spec.connect) {
			for (let n = 0; n < c.count; n++) {
				connect(ctx, ns, { client: copies[0] as Mutable<Process>, dst: { address: c.address, port: c.port }, openedAt: at + 200 + n, lastActive: ctx.now - random.int(1000, 30000), label: c.label ?? `${spec.name}/${c.address}:${c.port}`, random });
			}
		}
	});
	return started;
}
