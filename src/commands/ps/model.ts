// What ps reads from /proc/PID/stat and /proc/PID/status that the world does not keep: memory,
// CPU time and state letters. They are modelled per kind of process (typical values of each
// program on a kind node, authored, see tests/unit/commands/recorded/ps/README.md), varied a
// little per PID with the world's seed, and CPU time grows with the clock at the program's rate,
// so two runs of ps a minute apart differ as they would on a real node.

import { hashLabel } from '../../world/random';
import type { Millis, Process } from '../../world/types';

/** MemTotal of the node (what %MEM divides by): the kind node sees its host's memory. */
export const MEM_TOTAL_KB = 16303868;

/** sysconf(_SC_CLK_TCK): USER_HZ. */
export const HZ = 100;

interface Profile {
	/** VmSize and VmRSS in KiB. */
	readonly vsz: number;
	readonly rss: number;
	/** Average share of one CPU since the process started. */
	readonly cpu: number;
	/** Session leader (setsid): `s` in STAT. */
	readonly leader: boolean;
}

const PROFILES: Readonly<Record<string, Profile>> = {
	systemd: { vsz: 21496, rss: 12420, cpu: 0.0004, leader: true },
	'systemd-journal': { vsz: 33180, rss: 14752, cpu: 0.0002, leader: true },
	containerd: { vsz: 2871120, rss: 66384, cpu: 0.0061, leader: true },
	kubelet: { vsz: 2419640, rss: 87912, cpu: 0.0147, leader: true },
	'containerd-shim': { vsz: 1238336, rss: 13816, cpu: 0.0003, leader: false },
	pause: { vsz: 1020, rss: 512, cpu: 0, leader: true },
	flanneld: { vsz: 1330796, rss: 43104, cpu: 0.0009, leader: true },
	'kube-proxy': { vsz: 1292308, rss: 51780, cpu: 0.0011, leader: true },
	'pilot-agent': { vsz: 1334164, rss: 61628, cpu: 0.0012, leader: true },
	envoy: { vsz: 2261432, rss: 72664, cpu: 0.0034, leader: false },
	ruby: { vsz: 231548, rss: 45236, cpu: 0.0002, leader: true },
	node: { vsz: 1049872, rss: 52416, cpu: 0.0003, leader: true },
	java: { vsz: 5712956, rss: 291848, cpu: 0.0048, leader: true },
	gunicorn: { vsz: 121356, rss: 61208, cpu: 0.0004, leader: false },
	sleep: { vsz: 1612, rss: 768, cpu: 0, leader: true },
	bash: { vsz: 4612, rss: 3936, cpu: 0, leader: true },
	sh: { vsz: 2580, rss: 1592, cpu: 0, leader: true },
	ps: { vsz: 8284, rss: 4196, cpu: 0, leader: false },
};

const OTHER: Profile = { vsz: 12000, rss: 6000, cpu: 0.0001, leader: false };

export interface ProcStat {
	readonly vsz: number;
	readonly rss: number;
	/** utime + stime in clock ticks. */
	readonly ticks: number;
	/** /proc/PID/stat's state and the modifiers ps adds: `Ssl`, `Sl`, `R+`. */
	readonly stat: string;
}

/** A number close to `n`, different per process but the same every run. */
function vary(n: number, seed: number, p: Process, what: string): number {
	if (n < 2000) return n;
	const h = hashLabel(seed, `ps/${p.pid}/${what}`) / 0x100000000;
	return Math.round(n * (0.94 + 0.12 * h));
}

export function procStat(p: Process, seed: number, now: Millis, self: boolean): ProcStat {
	const prof = PROFILES[p.comm] ?? OTHER;
	const elapsed = Math.max(0, now - p.startedAt) / 1000;
	const ticks = Math.floor(elapsed * prof.cpu * HZ * (0.9 + 0.2 * (hashLabel(seed, `ps/${p.pid}/cpu`) / 0x100000000)));
	// The master of a prefork server leads its session; its workers do not.
	const leader = prof.leader ? p.nsPid === 1 || p.container === undefined || p.role === 'shell' : p.nsPid === 1;
	const stat = self ? 'R+' : `S${leader ? 's' : ''}${p.threads > 1 ? 'l' : ''}`;
	return { vsz: vary(prof.vsz, seed, p, 'vsz'), rss: vary(prof.rss, seed, p, 'rss'), ticks, stat };
}
