// ps's one line of help in the course's languages; `ps --help` prints procps' own text (args.ts).

import type { CommandHelp } from '../../shell';

export const PS_HELP: CommandHelp = {
	summary: {
		en: 'list processes: ps -ef, ps aux (procps-ng 4.0.2; BusyBox ps in Alpine images)',
		zh: '列出进程：ps -ef、ps aux（procps-ng 4.0.2；Alpine 镜像中为 BusyBox ps）',
	},
	usage: 'ps [options]',
};
