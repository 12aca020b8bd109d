// net-tools 2.10 netstat's usage text (`netstat -h`, recorded in tests/fixtures/netstat/pod) and
// version banner, byte for byte, and the command's help entry for the lab's `help`.

import type { CommandHelp } from '../../shell/types';

const USAGE_LINES: readonly string[] = [
	'usage: netstat [-vWeenNcCF] [<Af>] -r         netstat {-V|--version|-h|--help}',
	'       netstat [-vWnNcaeol] [<Socket> ...]',
	'       netstat { [-vWeenNac] -i | [-cnNe] -M | -s [-6tuw] }',
	'',
	'        -r, --route              display routing table',
	'        -i, --interfaces         display interface table',
	'        -g, --groups             display multicast group memberships',
	'        -s, --statistics         display networking statistics (like SNMP)',
	'        -M, --masquerade         display masqueraded connections',
	'',
	'        -v, --verbose            be verbose',
	'        -W, --wide               don\'t truncate IP addresses',
	'        -n, --numeric            don\'t resolve names',
	'        --numeric-hosts          don\'t resolve host names',
	'        --numeric-ports          don\'t resolve port names',
	'        --numeric-users          don\'t resolve user names',
	'        -N, --symbolic           resolve hardware names',
	'        -e, --extend             display other/more information',
	'        -p, --programs           display PID/Program name for sockets',
	'        -o, --timers             display timers',
	'        -c, --continuous         continuous listing',
	'',
	'        -l, --listening          display listening server sockets',
	'        -a, --all                display all sockets (default: connected)',
	'        -F, --fib                display Forwarding Information Base (default)',
	'        -C, --cache              display routing cache instead of FIB',
	'        -Z, --context            display SELinux security context for sockets',
	'',
	'  <Socket>={-t|--tcp} {-u|--udp} {-U|--udplite} {-S|--sctp} {-w|--raw}',
	'           {-x|--unix} --ax25 --ipx --netrom',
	'  <AF>=Use \'-6|-4\' or \'-A <af>\' or \'--<af>\'; default: inet',
	'  List of possible address families (which support routing):',
];

export const NETSTAT_USAGE = `${USAGE_LINES.join('\n')}\n`;

/** print_aflist: the families that support routing, always on stderr (trailing blanks included). */
export const NETSTAT_AF_LIST = '    inet (DARPA Internet) inet6 (IPv6) ax25 (AMPR AX.25) \n    netrom (AMPR NET/ROM) rose (AMPR ROSE) ipx (Novell IPX) \n    ddp (Appletalk DDP) x25 (CCITT X.25) \n';

const VERSION_LINES: readonly string[] = [
	'net-tools 2.10',
	'Fred Baumgarten, Alan Cox, Bernd Eckenfels, Phil Blundell, Tuan Hoang, Brian Micek and others',
	'+NEW_ADDRT +RTF_IRTT +RTF_REJECT +FW_MASQUERADE +I18N +SELINUX',
	'AF: (inet) +UNIX +INET +INET6 +IPX +AX25 +NETROM +X25 +ATALK +ECONET +ROSE -BLUETOOTH',
	'HW:  +ETHER +ARC +SLIP +PPP +TUNNEL -TR +AX25 +NETROM +X25 +FR +ROSE +ASH +SIT +FDDI +HIPPI +HDLC/LAPB +EUI64 ',
];

export const NETSTAT_VERSION = `${VERSION_LINES.join('\n')}\n`;

export const NETSTAT_HELP: CommandHelp = {
	summary: {
		en: 'print network connections and the programs behind them (net-tools 2.10)',
		zh: '显示网络连接及其背后的程序（net-tools 2.10）',
	},
	usage: 'netstat [-vWnNcaeol] [<Socket> ...]',
};
