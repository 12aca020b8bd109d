// Who a shell is at a location: the user and groups its process runs as (named from the files of
// the place it stands in, as getpwuid(3) and getgrgid(3) would), its home, the shell program the
// image has, and the prompt that shell prints. Pure reads of the world.

import { containerOf, filesAt, nodeByName } from '../world';
import { ALL_CAPS } from '../world/build/context';
import type { Location, World } from '../world/types';

export interface PasswdEntry {
	readonly name: string;
	readonly uid: number;
	readonly gid: number;
	readonly home: string;
	readonly shell: string;
}

export interface GroupEntry {
	readonly name: string;
	readonly gid: number;
	readonly members: readonly string[];
}

export function parsePasswd(text: string | undefined): PasswdEntry[] {
	const out: PasswdEntry[] = [];
	for (const line of (text ?? '').split('\n')) {
		const f = line.split(':');
		if (f.length < 7 || !/^\d+$/.test(f[2] ?? '') || !/^\d+$/.test(f[3] ?? '')) continue;
		out.push({ name: f[0] ?? '', uid: Number(f[2]), gid: Number(f[3]), home: f[5] ?? '/', shell: f[6] ?? '' });
	}
	return out;
}

export function parseGroup(text: string | undefined): GroupEntry[] {
	const out: GroupEntry[] = [];
	for (const line of (text ?? '').split('\n')) {
		const f = line.split(':');
		if (f.length < 4 || !/^\d+$/.test(f[2] ?? '')) continue;
		out.push({ name: f[0] ?? '', gid: Number(f[2]), members: (f[3] ?? '').split(',').filter((m) => m !== '') });
	}
	return out;
}

/** The name databases of a location: the container's /etc files, or the node's. */
export interface NameDb {
	readonly users: readonly PasswdEntry[];
	readonly groups: readonly GroupEntry[];
}

export function nameDb(files: Readonly<Record<string, string>>): NameDb {
	return { users: parsePasswd(files['/etc/passwd']), groups: parseGroup(files['/etc/group']) };
}

export const userName = (db: NameDb, uid: number): string | undefined => db.users.find((u) => u.uid === uid)?.name;
export const groupName = (db: NameDb, gid: number): string | undefined => db.groups.find((g) => g.gid === gid)?.name;

/** The shell programs this terminal can be: bash, Debian's dash as `sh`, BusyBox's ash as `sh`. */
export type ShellDialect = 'bash' | 'dash' | 'ash';

export interface Identity {
	readonly uid: number;
	readonly gid: number;
	/** Supplementary groups, as the runtime sets them from /etc/group (containerd's WithAdditionalGIDs). */
	readonly groups: readonly number[];
	/** Undefined when /etc/passwd has no entry (bash's prompt then says `I have no name!`). */
	readonly user?: string;
	/** $HOME: the passwd entry's, or `/` when there is none (containerd's default). */
	readonly home: string;
	/** Effective capabilities of a process started here. */
	readonly capabilities: readonly string[];
}

export function identityAt(world: World, at: Location): Identity {
	const db = nameDb(filesAt(world, at));
	const entry = db.users.find((u) => u.uid === at.uid);
	const supplementary = entry === undefined ? [] : db.groups.filter((g) => g.members.includes(entry.name) && g.gid !== at.gid).map((g) => g.gid);
	const home = entry?.home ?? '/';
	return { uid: at.uid, gid: at.gid, groups: [at.gid, ...supplementary], ...(entry !== undefined ? { user: entry.name } : {}), home, capabilities: capabilitiesAt(world, at) };
}

/** The node's root has every capability; in a container, root keeps the container's set and others none. */
export function capabilitiesAt(world: World, at: Location): readonly string[] {
	if (at.kind !== 'exec') return ALL_CAPS;
	const c = containerOf(world, { pod: at.pod, container: at.container });
	if (c === undefined || at.uid !== 0) return [];
	return c.capabilities;
}

/** Whether a process here may change netfilter state and read conntrack (root with CAP_NET_ADMIN). */
export function hasNetAdmin(world: World, at: Location): boolean {
	return at.uid === 0 && capabilitiesAt(world, at).includes('NET_ADMIN');
}

/**
 * What `sh` is in an image: BusyBox's ash when root's login shell is /bin/sh or /bin/ash (Alpine,
 * BusyBox), Debian's dash otherwise. The node is Debian.
 */
export function shDialect(world: World, at: Location): ShellDialect {
	if (at.kind !== 'exec') return 'dash';
	const root = parsePasswd(filesAt(world, at)['/etc/passwd']).find((u) => u.uid === 0);
	return root !== undefined && /\/(ash|sh)$/.test(root.shell) ? 'ash' : 'dash';
}

/** A stable key per place with its own filesystem: the node (nsenter keeps the node's mounts) or a container. */
export function mountKey(at: Location): string {
	return at.kind === 'exec' ? `exec/${at.pod}/${at.container}` : `node/${at.node}`;
}

/** bash's \w: the working directory with $HOME shown as ~. */
export function tildeDir(cwd: string, home: string): string {
	if (home === '' || home === '/') return cwd;
	if (cwd === home) return '~';
	return cwd.startsWith(`${home}/`) ? `~${cwd.slice(home.length)}` : cwd;
}

/**
 * The prompt each shell prints by default. bash: Debian's /etc/bash.bashrc sets PS1='\u@\h:\w\$ '
 * (`root@kind-worker:~# `, `istio-proxy@productpage-v1-…:/$ `; with no passwd entry \u is
 * `I have no name!`). dash: `$ ` (`# ` for root). BusyBox ash: its default PS1 '\w \$ ' (`~ $ `).
 */
export function promptFor(dialect: ShellDialect, id: Identity, hostname: string, cwd: string): string {
	const sign = id.uid === 0 ? '#' : '$';
	if (dialect === 'dash') return `${sign} `;
	if (dialect === 'ash') return `${tildeDir(cwd, id.home)} ${sign} `;
	const host = hostname.split('.')[0] ?? hostname;
	return `${id.user ?? 'I have no name!'}@${host}:${tildeDir(cwd, id.home)}${sign} `;
}

/** The hostname a location's processes see. */
export function hostnameAt(world: World, at: Location): string {
	return at.hostname !== '' ? at.hostname : (nodeByName(world, at.node)?.hostname ?? at.node);
}
