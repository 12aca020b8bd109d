// coreutils' id (9.1, Debian 12): the shell's user and groups, named from the /etc/passwd and
// /etc/group of the place it runs in. Outputs and messages recorded on this machine with
// setpriv --reuid/--regid (tests/unit/commands/id.test.ts); BusyBox's id prints the same format.

import { parseOptions, type CommandSpec } from '../../shell';
import { filesAt } from '../../world';
import { groupName, identityAt, nameDb, userName, type NameDb } from '../../lab/location-info';
import type { WorldHandle } from '../../lab/world-handle';
import { ID_HELP } from './help';

const TRY = "Try 'id --help' for more information.\n";

interface Who {
	readonly uid: number;
	readonly gid: number;
	readonly groups: readonly number[];
}

function named(id: number, name: string | undefined): string {
	return name === undefined ? String(id) : `${id}(${name})`;
}

function full(db: NameDb, w: Who): string {
	return `uid=${named(w.uid, userName(db, w.uid))} gid=${named(w.gid, groupName(db, w.gid))} groups=${w.groups.map((g) => named(g, groupName(db, g))).join(',')}\n`;
}

export function id(handle: WorldHandle): CommandSpec {
	return {
		name: 'id',
		path: '/usr/bin/id',
		help: ID_HELP,
		run(args) {
			const parsed = parseOptions('id', args, {
				flags: 'ugGnrza',
				long: { user: { as: 'u', value: false }, group: { as: 'g', value: false }, groups: { as: 'G', value: false }, name: { as: 'n', value: false }, real: { as: 'r', value: false }, zero: { as: 'z', value: false }, help: { as: 'h', value: false }, version: { as: 'V', value: false } },
			});
			if (!parsed.ok) return { stdout: '', stderr: parsed.error + TRY, exitCode: 1 };
			const o = new Set(parsed.opts.map((x) => x.name));
			if (o.has('h')) return { stdout: `Usage: id [OPTION]... [USER]...\nPrint user and group information for each specified USER,\nor (when USER omitted) for the current process.\n`, stderr: '', exitCode: 0 };
			if (o.has('V')) return { stdout: 'id (GNU coreutils) 9.1\n', stderr: '', exitCode: 0 };
			const world = handle.world;
			const db = nameDb(filesAt(world, handle.location));
			const only = ['u', 'g', 'G'].filter((c) => o.has(c));
			if (only.length > 1) return { stdout: '', stderr: 'id: cannot print "only" of more than one choice\n', exitCode: 1 };
			if (only.length === 0 && (o.has('n') || o.has('r'))) return { stdout: '', stderr: 'id: cannot print only names or real IDs in default format\n', exitCode: 1 };
			const whos: Who[] = [];
			let stderr = '';
			let status = 0;
			if (parsed.operands.length === 0) {
				const me = identityAt(world, handle.location);
				whos.push({ uid: me.uid, gid: me.gid, groups: me.groups });
			}
			for (const name of parsed.operands) {
				const u = db.users.find((x) => x.name === name) ?? (/^\+?\d+$/.test(name) ? db.users.find((x) => x.uid === Number(name)) : undefined);
				if (u === undefined) {
					stderr += `id: '${name}': no such user\n`;
					status = 1;
					continue;
				}
				whos.push({ uid: u.uid, gid: u.gid, groups: [u.gid, ...db.groups.filter((g) => g.members.includes(u.name) && g.gid !== u.gid).map((g) => g.gid)] });
			}
			let stdout = '';
			const sep = o.has('z') ? '\0' : '\n';
			for (const w of whos) {
				if (only.length === 0) {
					stdout += full(db, w);
					continue;
				}
				const ids = only[0] === 'u' ? [w.uid] : only[0] === 'g' ? [w.gid] : w.groups;
				const words = ids.map((n) => {
					if (!o.has('n')) return String(n);
					const nm = only[0] === 'u' ? userName(db, n) : groupName(db, n);
					if (nm === undefined) {
						stderr += `id: cannot find name for ${only[0] === 'u' ? 'user' : 'group'} ID ${n}\n`;
						status = 1;
						return String(n);
					}
					return nm;
				});
				stdout += words.join(o.has('z') ? '\0' : ' ') + sep;
			}
			return { stdout, stderr, exitCode: status };
		},
	};
}
