// whoami: the name of the effective user, from the /etc/passwd of the place it runs in.
// coreutils 9.1: `whoami: cannot find name for user ID 1337` (recorded); BusyBox (Alpine
// images): `whoami: unknown uid 100` (libbb/bb_pwd.c xuid2uname).

import type { CommandSpec } from '../../shell';
import { filesAt } from '../../world';
import { nameDb, shDialect, userName } from '../../lab/location-info';
import type { WorldHandle } from '../../lab/world-handle';

export function whoami(handle: WorldHandle): CommandSpec {
	return {
		name: 'whoami',
		path: '/usr/bin/whoami',
		help: { summary: { en: 'print the name of the user this shell runs as', zh: '显示当前 shell 的用户名' }, usage: 'whoami [OPTION]...' },
		run(args) {
			const at = handle.location;
			const busybox = at.kind === 'exec' && shDialect(handle.world, at) === 'ash';
			if (args.length > 0) {
				if (busybox) return { stdout: '', stderr: 'BusyBox v1.37.0 multi-call binary.\n\nUsage: whoami\n\nPrint the user name associated with the current effective user id\n', exitCode: 1 };
				const a = args[0] ?? '';
				const msg = a.startsWith('--') ? `whoami: unrecognized option '${a}'\n` : a.startsWith('-') && a !== '-' ? `whoami: invalid option -- '${a[1] ?? ''}'\n` : `whoami: extra operand '${a}'\n`;
				return { stdout: '', stderr: `${msg}Try 'whoami --help' for more information.\n`, exitCode: 1 };
			}
			const name = userName(nameDb(filesAt(handle.world, at)), at.uid);
			if (name !== undefined) return { stdout: `${name}\n`, stderr: '', exitCode: 0 };
			return { stdout: '', stderr: busybox ? `whoami: unknown uid ${at.uid}\n` : `whoami: cannot find name for user ID ${at.uid}\n`, exitCode: 1 };
		},
	};
}
