// lsof 4.95's help (`lsof -h`) and short usage (after an error), recorded in
// tests/fixtures/lsof/pod, byte for byte (lsof writes both to stderr), and the command's help entry.

import type { CommandHelp } from '../../shell/types';

const HELP_LINES: readonly string[] = [
	'lsof 4.95.0',
	' latest revision: https://github.com/lsof-org/lsof',
	' latest FAQ: https://github.com/lsof-org/lsof/blob/master/00FAQ',
	' latest (non-formatted) man page: https://github.com/lsof-org/lsof/blob/master/Lsof.8',
	' usage: [-?abhKlnNoOPRtUvVX] [+|-c c] [+|-d s] [+D D] [+|-E] [+|-e s] [+|-f[gG]]',
	' [-F [f]] [-g [s]] [-i [i]] [+|-L [l]] [+m [m]] [+|-M] [-o [o]] [-p s]',
	' [+|-r [t]] [-s [p:s]] [-S [t]] [-T [t]] [-u s] [+|-w] [-x [fl]] [--] [names]',
	'Defaults in parentheses; comma-separated set (s) items; dash-separated ranges.',
	'  -?|-h list help          -a AND selections (OR)     -b avoid kernel blocks',
	'  -c c  cmd c ^c /c/[bix]  +c w  COMMAND width (9)    +d s  dir s files',
	'  -d s  select by FD set   +D D  dir D tree *SLOW?*   +|-e s  exempt s *RISKY*',
	'  -i select IPv[46] files  -K [i] list|(i)gn tasKs    -l list UID numbers',
	'  -n no host names         -N select NFS files        -o list file offset',
	'  -O no overhead *RISKY*   -P no port names           -Q allow failed search',
	'  -R list paRent PID       -s list file size          -t terse listing',
	'  -T disable TCP/TPI info  -U select Unix socket      -v list version info',
	'  -V verbose search        +|-w  Warnings (+)         -X skip TCP&UDP* files',
	'  -Z Z  context [Z]        -- end option scan       ',
	'  -E display endpoint info              +E display endpoint info and files',
	'  +f|-f  +filesystem or -file names     +|-f[gG] flaGs ',
	'  -F [f] select fields; -F? for help  ',
	'  +|-L [l] list (+) suppress (-) link counts < l (0 = all; default = 0)',
	'                                        +m [m] use|create mount supplement',
	'  +|-M   portMap registration (-)       -o o   o 0t offset digits (8)',
	'  -p s   exclude(^)|select PIDs         -S [t] t second stat timeout (15)',
	'  -T fqs TCP/TPI Fl,Q,St (s) info',
	'  -g [s] exclude(^)|select and print process group IDs',
	'  -i i   select by IPv[46] address: [46][proto][@host|addr][:svc_list|port_list]',
	'  +|-r [t[m<fmt>]] repeat every t seconds (15);  + until no files, - forever.',
	'       An optional suffix to t is m<fmt>; m must separate t from <fmt> and',
	'      <fmt> is an strftime(3) format for the marker line.',
	'  -s p:s  exclude(^)|select protocol (p = TCP|UDP) states by name(s).',
	'  -u s   exclude(^)|select login|UID set s',
	'  -x [fl] cross over +d|+D File systems or symbolic Links',
	'  names  select named files or files on named file systems',
	'Anyone can list all files; /dev warnings disabled; kernel ID check disabled.',
];

export const LSOF_LONG_HELP = `${HELP_LINES.join('\n')}\n`;

const USAGE_LINES: readonly string[] = [
	'lsof 4.95.0',
	' latest revision: https://github.com/lsof-org/lsof',
	' latest FAQ: https://github.com/lsof-org/lsof/blob/master/00FAQ',
	' latest (non-formatted) man page: https://github.com/lsof-org/lsof/blob/master/Lsof.8',
	' usage: [-?abhKlnNoOPRtUvVX] [+|-c c] [+|-d s] [+D D] [+|-E] [+|-e s] [+|-f[gG]]',
	' [-F [f]] [-g [s]] [-i [i]] [+|-L [l]] [+m [m]] [+|-M] [-o [o]] [-p s]',
	' [+|-r [t]] [-s [p:s]] [-S [t]] [-T [t]] [-u s] [+|-w] [-x [fl]] [--] [names]',
	'Use the ``-h\'\' option to get more help information.',
];

export const LSOF_USAGE = `${USAGE_LINES.join('\n')}\n`;

export const LSOF_HELP: CommandHelp = {
	summary: {
		en: 'list open files; with -i, the network sockets and the processes holding them (lsof 4.95)',
		zh: '列出打开的文件；加 -i 时列出网络套接字及持有它们的进程（lsof 4.95）',
	},
	usage: 'lsof -i [46][protocol][@hostname|hostaddr][:service|port] [-n] [-P]',
};
