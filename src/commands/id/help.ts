// id's one line of help, in the course's languages.

import type { CommandHelp } from '../../shell';

export const ID_HELP: CommandHelp = {
	summary: { en: 'print the user and groups this shell runs as (coreutils 9.1)', zh: '显示当前 shell 以哪个用户和组运行（coreutils 9.1）' },
	usage: 'id [OPTION]... [USER]...',
};
