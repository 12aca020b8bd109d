// The `conntrack` command (conntrack-tools 1.4.7) over the simulator's table: -L with the filters
// lessons use, -C, -F, -h, --version. Messages and exit codes as recorded from the real tool
// (tests/fixtures/conntrack/recorded). Protocol options (--sport, --dport, --state) exist only
// after -p names a protocol that has them, as in the real tool, which loads them per protocol.

import { CONNTRACK_BANNER, entryLine, summaryLine } from '../../conntrack/render';
import { expire } from '../../conntrack/table';
import { EMPTY_TABLE, TCP_STATES, type ConntrackTable, type CtEntry, type TcpState } from '../../conntrack/types';
import { inPrefix, parseCidr } from '../../netns/addr';
import { CONNTRACK_HELP } from './help';

export interface ConntrackRun {
	readonly stdout: string;
	readonly stderr: string;
	readonly exitCode: number;
	readonly table: ConntrackTable;
}

type Command = 'L' | 'C' | 'F' | 'h' | 'V';

interface Filters {
	origSrc?: { address: string; prefix: number };
	origDst?: { address: string; prefix: number };
	replySrc?: { address: string; prefix: number };
	replyDst?: { address: string; prefix: number };
	proto?: number;
	family?: 'ipv4' | 'ipv6';
	sport?: number;
	dport?: number;
	state?: TcpState;
	mark?: { value: number; mask: number };
	zone?: number;
	srcNat?: boolean;
	dstNat?: boolean;
	anyNat?: boolean;
	extended?: boolean;
}

const COMMANDS: Readonly<Record<string, Command>> = { '-L': 'L', '--dump': 'L', '-C': 'C', '--count': 'C', '-F': 'F', '--flush': 'F', '-h': 'h', '--help': 'h', '-V': 'V', '--version': 'V' };

/** Options that take an argument, by every spelling, and the filter they set. */
const ADDRESS_OPTIONS: Readonly<Record<string, 'origSrc' | 'origDst' | 'replySrc' | 'replyDst'>> = {
	'-s': 'origSrc', '--src': 'origSrc', '--orig-src': 'origSrc',
	'-d': 'origDst', '--dst': 'origDst', '--orig-dst': 'origDst',
	'-r': 'replySrc', '--reply-src': 'replySrc',
	'-q': 'replyDst', '--reply-dst': 'replyDst',
};
const PORT_OPTIONS: Readonly<Record<string, 'sport' | 'dport'>> = { '--sport': 'sport', '--orig-port-src': 'sport', '--dport': 'dport', '--orig-port-dst': 'dport' };
/** The long name conntrack uses when it refuses an option for a command. */
const LONG_NAMES: Readonly<Record<string, string>> = { origSrc: 'orig-src', origDst: 'orig-dst', replySrc: 'reply-src', replyDst: 'reply-dst', proto: 'protonum', family: 'family', mark: 'mark', zone: 'zone', output: 'output' };
const PROTOCOLS: Readonly<Record<string, number>> = { tcp: 6, udp: 17, icmp: 1, icmpv6: 58, sctp: 132, dccp: 33, udplite: 136, gre: 47 };
const OUTPUTS = ['xml', 'extended', 'timestamp', 'id', 'ktimestamp', 'labels', 'userspace'];

const error = (message: string, table: ConntrackTable): ConntrackRun => ({
	stdout: '',
	stderr: `${CONNTRACK_BANNER}: ${message}\nTry \`conntrack -h' or 'conntrack --help' for more information.\n`,
	exitCode: 2,
	table,
});

/** inet_aton, which also takes `1.2.3` (= 1.2.0.3), plus a `/prefix`; IPv6 via ipaddr.js. */
function parseAddress(text: string): { address: string; prefix: number; family: 'ipv4' | 'ipv6' } | undefined {
	const [host = '', pfx] = text.split('/');
	const parts = host.split('.');
	if (!host.includes(':') && parts.length >= 1 && parts.length <= 4 && parts.every((p) => /^\d+$/.test(p))) {
		const nums = parts.map(Number);
		const last = nums.pop() ?? 0;
		if (nums.some((n) => n > 255) || last >= 2 ** (8 * (4 - nums.length))) return undefined;
		const bytes = [...nums];
		for (let i = 4 - nums.length - 1; i >= 0; i--) bytes.push(Math.floor(last / 256 ** i) % 256);
		const c = parseCidr(`${bytes.join('.')}${pfx === undefined ? '' : `/${pfx}`}`);
		return c;
	}
	return parseCidr(text);
}

function matches(e: CtEntry, f: Filters): boolean {
	const addr = (sel: Filters['origSrc'], value: string): boolean => sel === undefined || inPrefix(value, sel.address, sel.prefix);
	if (f.family !== undefined && e.orig.family !== f.family) return false;
	if (f.proto !== undefined && e.orig.proto !== f.proto) return false;
	if (!addr(f.origSrc, e.orig.src) || !addr(f.origDst, e.orig.dst) || !addr(f.replySrc, e.reply.src) || !addr(f.replyDst, e.reply.dst)) return false;
	if (f.sport !== undefined && e.orig.sport !== f.sport) return false;
	if (f.dport !== undefined && e.orig.dport !== f.dport) return false;
	if (f.state !== undefined && e.tcp !== f.state) return false;
	if (f.mark !== undefined && ((e.mark & f.mark.mask) >>> 0) !== f.mark.value) return false;
	if (f.zone !== undefined && e.zone !== f.zone) return false;
	if (f.srcNat && !e.srcNat) return false;
	if (f.dstNat && !e.dstNat) return false;
	if (f.anyNat && !e.srcNat && !e.dstNat) return false;
	return true;
}

/** strtoul(text, NULL, 0), 0 for text that is not a number (what conntrack's parser gets). */
const strtoul = (text: string): number => {
	const m = /^(0x[0-9a-f]+|0[0-7]*|[1-9]\d*)/i.exec(text);
	return m === null ? 0 : Number(m[1]?.startsWith('0') && !m[1].startsWith('0x') ? parseInt(m[1], 8) : m[1]) >>> 0;
};

export function runConntrack(argv: readonly string[], initial: ConntrackTable = EMPTY_TABLE, now = 0): ConntrackRun {
	const table = expire(initial, now);
	const args = argv.slice(1);
	if (args.length === 0) return { stdout: CONNTRACK_HELP, stderr: '', exitCode: 0, table };
	let command: Command | undefined;
	let kind = 'conntrack';
	const f: Filters = {};
	const given: string[] = [];
	for (let i = 0; i < args.length; i++) {
		const a = args[i] ?? '';
		const need = (): string | undefined => args[++i];
		const cmd = (Object.hasOwn(COMMANDS, a) ? COMMANDS[a] : undefined);
		if (cmd !== undefined) {
			if (command !== undefined) return error('Invalid commands combination', table);
			command = cmd;
			// An optional table name may follow the command (conntrack, expect, dying, unconfirmed).
			const next = args[i + 1];
			if ((cmd === 'L' || cmd === 'C' || cmd === 'F') && next !== undefined && !next.startsWith('-')) {
				if (!['conntrack', 'expect', 'dying', 'unconfirmed'].includes(next)) return error(`unknown type \`${next}'`, table);
				kind = next;
				i++;
			}
			continue;
		}
		const takesArg = (Object.hasOwn(ADDRESS_OPTIONS, a) ? ADDRESS_OPTIONS[a] : undefined) ?? (['-p', '--protonum', '-f', '--family', '-m', '--mark', '-w', '--zone', '-o', '--output'].includes(a) ? a : undefined);
		const protoOpt = f.proto !== undefined && (Object.hasOwn(PORT_OPTIONS, a) || (a === '--state' && f.proto === 6)) && [6, 17, 132, 33, 136].includes(f.proto);
		if (takesArg !== undefined || protoOpt) {
			const v = need();
			if (v === undefined) return error(`option \`${a}' requires an argument`, table);
			const key = (Object.hasOwn(ADDRESS_OPTIONS, a) ? ADDRESS_OPTIONS[a] : undefined);
			if (key !== undefined) {
				const c = parseAddress(v);
				if (c === undefined) return error(`Invalid IP address \`${v}'`, table);
				f[key] = { address: c.address, prefix: c.prefix };
				f.family ??= c.family;
				given.push(key);
			} else if (a === '-p' || a === '--protonum') {
				const n = /^\d+$/.test(v) ? Number(v) : (Object.hasOwn(PROTOCOLS, v.toLowerCase()) ? PROTOCOLS[v.toLowerCase()] : undefined);
				if (n === undefined || n > 255) return error(`\`${v}' unsupported protocol`, table);
				f.proto = n;
				given.push('proto');
			} else if (a === '-f' || a === '--family') {
				if (v !== 'ipv4' && v !== 'ipv6') return error(`\`${v}' unsupported protocol`, table);
				f.family = v;
				given.push('family');
			} else if (a === '-m' || a === '--mark') {
				const [value = '', mask] = v.split('/');
				f.mark = { value: strtoul(value), mask: mask === undefined ? 0xffffffff : strtoul(mask) };
				given.push('mark');
			} else if (a === '-w' || a === '--zone') {
				f.zone = strtoul(v) & 0xffff;
				given.push('zone');
			} else if (a === '-o' || a === '--output') {
				const kinds = v.split(',');
				const bad = kinds.find((k) => !OUTPUTS.includes(k));
				if (bad !== undefined) return error(`Bad parameter \`${bad}'`, table);
				f.extended = kinds.includes('extended');
				given.push('output');
			} else if (a === '--state') {
				const s = TCP_STATES.find((x) => x === v);
				if (s === undefined || s === 'NONE') return error(`unknown TCP state \`${v}'`, table);
				f.state = s;
			} else {
				const port = (Object.hasOwn(PORT_OPTIONS, a) ? PORT_OPTIONS[a] : undefined);
				// The real parser uses atoi: text that is not a number filters on port 0.
				if (port !== undefined) f[port] = (parseInt(v, 10) || 0) & 0xffff;
			}
			continue;
		}
		if (a === '-n' || a === '--src-nat') f.srcNat = true;
		else if (a === '-g' || a === '--dst-nat') f.dstNat = true;
		else if (a === '-j' || a === '--any-nat') f.anyNat = true;
		else if (a === '-z' || a === '--zero') continue;
		else return error(`unknown option \`${a}'`, table);
	}
	switch (command) {
		case undefined:
		case 'h':
			return { stdout: CONNTRACK_HELP, stderr: '', exitCode: 0, table };
		case 'V':
			return { stdout: `${CONNTRACK_BANNER}\n`, stderr: '', exitCode: 0, table };
		case 'F':
			return { stdout: '', stderr: `${CONNTRACK_BANNER}: connection tracking table has been emptied.\n`, exitCode: 0, table: kind === 'conntrack' ? { entries: [], nextId: table.nextId } : table };
		case 'C': {
			const refused = given[0];
			if (refused !== undefined) return error(`Illegal option \`--${LONG_NAMES[refused] ?? refused}' with this command`, table);
			return { stdout: `${kind === 'conntrack' ? table.entries.length : 0}\n`, stderr: '', exitCode: 0, table };
		}
		case 'L': {
			if (kind === 'expect') return { stdout: '', stderr: `${CONNTRACK_BANNER}: 0 expectations have been shown.\n`, exitCode: 0, table };
			const shown = kind === 'conntrack' ? table.entries.filter((e) => matches(e, f)) : [];
			const stdout = shown.map((e) => `${entryLine(e, now, { extended: f.extended === true })}\n`).join('');
			return { stdout, stderr: summaryLine(shown.length), exitCode: 0, table };
		}
	}
}
