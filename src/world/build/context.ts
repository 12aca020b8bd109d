// The builder's working state. buildWorld owns it for the length of one build and freezes it into
// a World at the end; nothing else sees it mutable. The allocators here decide every "random"
// number of the world (PIDs, inodes, fds, ephemeral ports) from the seed and from time:
// a process started a day after boot gets a much larger PID than one started at boot, as on a
// real node, and two builds with the same seed give the same numbers.

import { EMPTY_TABLE } from '../../conntrack/types';
import type { Netns } from '../../netns/types';
import { emptyState, type NetfilterState } from '../../netfilter/types';
import { ephemeralPort, fork, type Random } from '../random';
import type { ScenarioError } from '../scenario/errors';
import type { Capability, ContainerRef, Millis, NetnsId, NetnsState, Process, Socket } from '../types';

export type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export interface MutableNetns {
	readonly id: NetnsId;
	readonly inode: number;
	netns: Netns;
	netfilter: NetfilterState;
	conntrack: NetnsState['conntrack'];
	sockets: Socket[];
}

/** First inode of a namespace other than the initial ones (proc_inum allocation starts here). */
const NETNS_INODE_BASE = 4026532160;

export class BuildContext {
	readonly processes: Mutable<Process>[] = [];
	readonly netns = new Map<NetnsId, MutableNetns>();
	readonly warnings: string[] = [];
	readonly errors: ScenarioError[] = [];
	private pid = 0;
	private pidAt = 0;
	private inode = 0;
	private inodeAt = 0;
	private nsInode = NETNS_INODE_BASE;
	private readonly pidRandom: Random;
	private readonly inodeRandom: Random;

	constructor(
		readonly seed: number,
		readonly now: Millis,
		bootedAt: Millis,
	) {
		this.pidRandom = fork(seed, 'pids');
		this.inodeRandom = fork(seed, 'inodes');
		this.pidAt = bootedAt;
		this.inodeAt = bootedAt;
		this.inode = 18000 + this.inodeRandom.int(0, 4000);
		this.nsInode += this.inodeRandom.int(0, 40);
	}

	/** A stream of random numbers for one purpose (see ../random.ts). */
	random(label: string): Random {
		return fork(this.seed, label);
	}

	/**
	 * The next host PID for a process started at `at`: the kernel hands PIDs out in order, and a
	 * node that has been up for a while has spent some on short-lived processes in between.
	 */
	nextPid(at: Millis, reserve = 1): number {
		const elapsed = Math.max(0, at - this.pidAt) / 1000;
		this.pidAt = Math.max(this.pidAt, at);
		// Processes forked in the same instant get neighbouring PIDs; time in between spends some.
		const spent = elapsed >= 1 ? this.pidRandom.int(0, 6) + Math.floor(elapsed / 30) : this.pidRandom.int(0, 1);
		this.pid += this.pid === 0 ? 1 : 1 + spent;
		const pid = this.pid;
		this.pid += reserve - 1;
		return pid;
	}

	/** Socket inodes grow with time too (sockfs takes them from the shared inode counter). */
	nextInode(at: Millis): number {
		const elapsed = Math.max(0, at - this.inodeAt) / 1000;
		this.inodeAt = Math.max(this.inodeAt, at);
		this.inode += 1 + this.inodeRandom.int(0, 3) + Math.floor(elapsed / 8);
		return this.inode;
	}

	newNetns(id: NetnsId, netns: Netns): MutableNetns {
		this.nsInode += 1 + this.inodeRandom.int(0, 3);
		const ns: MutableNetns = { id, inode: this.nsInode, netns, netfilter: emptyState(), conntrack: EMPTY_TABLE, sockets: [] };
		this.netns.set(id, ns);
		return ns;
	}

	ns(id: NetnsId): MutableNetns {
		const ns = this.netns.get(id);
		if (ns === undefined) throw new Error(`broken invariant: no netns ${id}`);
		return ns;
	}

	/** A free ephemeral port of `address` in a namespace. */
	port(ns: MutableNetns, address: string, random: Random): number {
		const used = new Set<number>();
		for (const s of ns.sockets) if (s.kind === 'inet' && (s.local.address === address || s.local.address === '0.0.0.0' || s.local.address === '::')) used.add(s.local.port);
		for (const e of ns.conntrack.entries) if (e.orig.src === address) used.add(e.orig.sport);
		const p = ephemeralPort(random, used);
		if (p === undefined) throw new Error(`broken invariant: no free port on ${address}`);
		return p;
	}

	spawn(p: SpawnSpec): Mutable<Process> {
		const proc: Mutable<Process> = {
			pid: p.pid ?? this.nextPid(p.at),
			ppid: p.ppid,
			nsPid: p.nsPid ?? 0,
			nsPpid: p.nsPpid ?? 0,
			uid: p.uid,
			gid: p.gid,
			groups: p.groups ?? [],
			comm: p.comm.slice(0, 15),
			argv: p.argv,
			cwd: p.cwd,
			...(p.container ? { container: p.container } : {}),
			netns: p.netns,
			capabilities: p.capabilities,
			startedAt: p.at,
			threads: p.threads ?? 1,
			nextFd: p.fdBase ?? 3,
			role: p.role,
		};
		if (proc.nsPid === 0) proc.nsPid = proc.pid;
		if (proc.nsPpid === 0) proc.nsPpid = proc.ppid;
		this.processes.push(proc);
		return proc;
	}

	/** The process's next file descriptor; a few are skipped now and then (files, pipes, epoll). */
	fd(proc: Mutable<Process>, random: Random): number {
		const fd = proc.nextFd;
		proc.nextFd += random.next() < 0.2 ? 2 : 1;
		return fd;
	}
}

export interface SpawnSpec {
	readonly at: Millis;
	readonly pid?: number;
	readonly ppid: number;
	readonly nsPid?: number;
	readonly nsPpid?: number;
	readonly uid: number;
	readonly gid: number;
	readonly groups?: readonly number[];
	readonly comm: string;
	readonly argv: readonly string[];
	readonly cwd: string;
	readonly container?: ContainerRef;
	readonly netns: NetnsId;
	readonly capabilities: readonly Capability[];
	readonly threads?: number;
	readonly fdBase?: number;
	readonly role: string;
}

/** The capabilities containerd grants a container by default (oci/spec_opts.go defaultUnixCaps). */
export const DEFAULT_CAPS: readonly Capability[] = ['CHOWN', 'DAC_OVERRIDE', 'FSETID', 'FOWNER', 'MKNOD', 'NET_RAW', 'SETGID', 'SETUID', 'SETFCAP', 'SETPCAP', 'NET_BIND_SERVICE', 'SYS_CHROOT', 'KILL', 'AUDIT_WRITE'];

/** Every capability a privileged container (or the node's root) has (include/uapi/linux/capability.h). */
export const ALL_CAPS: readonly Capability[] = [
	'CHOWN', 'DAC_OVERRIDE', 'DAC_READ_SEARCH', 'FOWNER', 'FSETID', 'KILL', 'SETGID', 'SETUID', 'SETPCAP', 'LINUX_IMMUTABLE',
	'NET_BIND_SERVICE', 'NET_BROADCAST', 'NET_ADMIN', 'NET_RAW', 'IPC_LOCK', 'IPC_OWNER', 'SYS_MODULE', 'SYS_RAWIO', 'SYS_CHROOT',
	'SYS_PTRACE', 'SYS_PACCT', 'SYS_ADMIN', 'SYS_BOOT', 'SYS_NICE', 'SYS_RESOURCE', 'SYS_TIME', 'SYS_TTY_CONFIG', 'MKNOD', 'LEASE',
	'AUDIT_WRITE', 'AUDIT_CONTROL', 'SETFCAP', 'MAC_OVERRIDE', 'MAC_ADMIN', 'SYSLOG', 'WAKE_ALARM', 'BLOCK_SUSPEND', 'AUDIT_READ',
	'PERFMON', 'BPF', 'CHECKPOINT_RESTORE',
];

/** The container's capability set after the pod's securityContext (add, then drop; ALL drops all). */
export function containerCaps(sc: { privileged?: boolean; capabilities?: { add?: readonly string[]; drop?: readonly string[] } } | undefined): Capability[] {
	if (sc?.privileged) return [...ALL_CAPS];
	const drop = sc?.capabilities?.drop ?? [];
	const base = drop.includes('ALL') ? [] : DEFAULT_CAPS.filter((c) => !drop.includes(c));
	const add = (sc?.capabilities?.add ?? []).filter((c) => !base.includes(c));
	return [...base, ...add];
}

/** A process's effective set: root keeps the container's set, any other user has none. */
export function effectiveCaps(uid: number, container: readonly Capability[]): Capability[] {
	return uid === 0 ? [...container] : [];
}
