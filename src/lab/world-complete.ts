// Tab in the world's terminal: the candidates for the word before the cursor. Commands of the
// place for the first word of a command, pod names after `kubectl exec|logs|describe|get pod`,
// container names after `-c`, file names otherwise. The terminal decides what to insert
// (src/terminal/completion.ts, readline's rules).

import { BUILTIN_CHAINS, type TableName } from '../netfilter/types';
import { TOOL_NAMES } from '../netfilter/tool-names';
import { resolvePath, type Registry, type VirtualFs } from '../shell';
import { wordAt } from '../terminal/shell-complete';
import type { Location, World } from '../world/types';

export interface WorldCompletion {
	readonly from: number;
	readonly candidates: readonly string[];
	readonly labels?: 'full' | 'basename';
}

const SEPARATORS = new Set(['|', '||', '&&', ';', '(', '$(', '`']);

export function completeLine(line: string, cursor: number, registry: Registry, fs: VirtualFs, cwd: string, world: World): WorldCompletion {
	const before = line.slice(0, cursor);
	const from = Math.max(before.lastIndexOf(' '), before.lastIndexOf('\t'), before.lastIndexOf('|'), before.lastIndexOf(';')) + 1;
	const word = before.slice(from);
	const words = before.slice(0, from).split(/\s+/).filter((w) => w !== '');
	let start = 0;
	words.forEach((w, i) => {
		if (SEPARATORS.has(w) || w.endsWith('|') || w.endsWith(';')) start = i + 1;
	});
	const cmd = words.slice(start);
	const prefixed = (xs: Iterable<string>): string[] => [...new Set(xs)].filter((x) => x.startsWith(word)).sort();
	if (cmd.length === 0 && !before.slice(0, from).trimEnd().endsWith('>')) return { from, candidates: prefixed(registry.names()) };
	if (cmd[0] === 'kubectl' && !word.startsWith('-')) {
		const prev = cmd.at(-1);
		if (prev === '-c' || prev === '--container') {
			const podName = cmd.find((w) => world.pods.some((p) => p.name === w));
			const pod = world.pods.find((p) => p.name === podName);
			return { from, candidates: prefixed(pod?.containers.map((c) => c.name) ?? []) };
		}
		if (prev === '-n' || prev === '--namespace') return { from, candidates: prefixed(world.pods.map((p) => p.namespace)) };
		if (['exec', 'logs', 'pod', 'pods', 'po'].includes(prev ?? '') || (cmd[1] === 'exec' && prev?.startsWith('-'))) return { from, candidates: prefixed(world.pods.map((p) => p.name)) };
		if (cmd.length === 1) return { from, candidates: prefixed(['describe', 'exec', 'get', 'logs', 'version']) };
		if (cmd[1] === 'get' || cmd[1] === 'describe') return { from, candidates: prefixed(['pods', 'services', 'endpoints']) };
	}
	// File names: the directory part as typed, the last part completed.
	const slash = word.lastIndexOf('/');
	const dirTyped = slash >= 0 ? word.slice(0, slash + 1) : '';
	const dir = resolvePath(cwd, dirTyped === '' ? '.' : dirTyped);
	const names = fs.list(dir);
	if (typeof names === 'string') return { from, candidates: [] };
	const rest = word.slice(slash + 1);
	const candidates = names
		.filter((n) => n.startsWith(rest) && (rest.startsWith('.') || !n.startsWith('.')))
		.map((n) => {
			const st = fs.stat(resolvePath(dir, n));
			return `${dirTyped}${n}${typeof st !== 'string' && st.type === 'dir' ? '/' : ''}`;
		});
	return { from, candidates, labels: 'basename' };
}

// -- Completion that depends on where the shell stands -----------------------------------------
//
// completeAt answers for the words whose candidates live in the current network namespace: the
// iptables family's tables, chains and targets (from the namespace's rules, as bash-completion's
// iptables completer reads them from `iptables -t TABLE -nL`), its options, and the listening
// ports after `curl HOST:` / `nc HOST ` for a local host. Anything else is undefined: the caller
// falls back to completeLine (commands, pods, containers, files).

/** The options iptables --help lists (iptables 1.8.9), long and short, as bash-completion offers them after `-`. */
export const IPTABLES_OPTIONS: readonly string[] = [
	'--append', '--check', '--delete', '--insert', '--replace', '--list', '--list-rules', '--zero', '--flush', '--new-chain', '--delete-chain', '--policy', '--rename-chain',
	'--ipv4', '--ipv6', '--protocol', '--source', '--destination', '--match', '--jump', '--goto', '--in-interface', '--out-interface', '--fragment', '--table', '--numeric',
	'--verbose', '--wait', '--wait-interval', '--exact', '--line-numbers', '--modprobe', '--set-counters', '--version', '--help',
	'-A', '-C', '-D', '-I', '-R', '-L', '-S', '-Z', '-F', '-N', '-X', '-P', '-E', '-4', '-6', '-p', '-s', '-d', '-m', '-j', '-g', '-i', '-o', '-f', '-t', '-n', '-v', '-w', '-W', '-x', '-c', '-V', '-h',
];

const TABLES: readonly TableName[] = ['filter', 'nat', 'mangle', 'raw', 'security'];

/** Targets a rule of each table can jump to besides the table's user chains (bash-completion's lists, with Istio's). */
const TARGETS: Readonly<Record<TableName, readonly string[]>> = {
	filter: ['ACCEPT', 'DROP', 'LOG', 'REJECT', 'RETURN'],
	nat: ['ACCEPT', 'DNAT', 'DROP', 'LOG', 'MASQUERADE', 'REDIRECT', 'RETURN', 'SNAT'],
	mangle: ['ACCEPT', 'CONNMARK', 'DROP', 'LOG', 'MARK', 'RETURN', 'TOS', 'TPROXY'],
	raw: ['ACCEPT', 'CT', 'DROP', 'LOG', 'NOTRACK', 'RETURN'],
	security: ['ACCEPT', 'DROP', 'LOG', 'RETURN', 'SECMARK'],
};

/** Options after which the next word is a chain of the table (bash-completion: `-*[AIDRPFXLZ]`, and -S). */
const CHAIN_OPTIONS = new Set(['-A', '--append', '-I', '--insert', '-D', '--delete', '-R', '--replace', '-P', '--policy', '-F', '--flush', '-X', '--delete-chain', '-L', '--list', '-S', '--list-rules', '-Z', '--zero', '-C', '--check', '-E', '--rename-chain']);

function chainsOf(world: World, at: Location, tool: string, table: TableName): { builtin: string[]; user: string[] } {
	const backend = tool.includes('-legacy') ? 'legacy' : 'nft';
	const family = tool.startsWith('ip6') ? 'ipv6' : 'ipv4';
	const builtin = BUILTIN_CHAINS[table].map((h) => String(h));
	const found = world.netns[at.netns]?.netfilter[backend][family].tables.find((t) => t.name === table);
	const user = (found?.chains ?? []).map((c) => c.name).filter((n) => !builtin.includes(n));
	return { builtin, user };
}

function iptablesWord(words: readonly string[], word: string, world: World, at: Location): readonly string[] | undefined {
	const tool = words[0] ?? 'iptables';
	let table: TableName = 'filter';
	for (let i = 1; i < words.length; i++) {
		const w = words[i] ?? '';
		const glued = /^-t(\w+)$/.exec(w)?.[1] ?? /^--table=(\w+)$/.exec(w)?.[1];
		const next = w === '-t' || w === '--table' ? words[i + 1] : glued;
		if (next !== undefined && (TABLES as readonly string[]).includes(next)) table = next as TableName;
	}
	const prev = words.at(-1) ?? '';
	if (prev === '-t' || prev === '--table') return TABLES;
	if (tool.endsWith('-save') || tool.endsWith('-restore')) return word.startsWith('-') ? ['--counters', '--table', '--noflush', '--test', '--verbose', '--wait', '--help', '--version', '-c', '-t', '-n', '-T', '-v', '-w', '-h', '-V'] : undefined;
	if (word.startsWith('-')) return IPTABLES_OPTIONS;
	const chains = chainsOf(world, at, tool, table);
	if (CHAIN_OPTIONS.has(prev) || /^-[a-zA-Z]*[AIDRPFXLZSCE]$/.test(prev)) return prev === '-P' || prev === '--policy' ? chains.builtin : [...chains.builtin, ...chains.user];
	if (prev === '-j' || prev === '--jump' || prev === '-g' || prev === '--goto') return [...TARGETS[table], ...chains.user];
	return undefined;
}

/** TCP ports listening in the namespace, for `curl HOST:<Tab>` with a local HOST. */
function listeningPorts(world: World, at: Location): string[] {
	const ports = new Set<number>();
	for (const s of world.netns[at.netns]?.sockets ?? []) if (s.kind === 'inet' && s.proto === 'tcp' && s.state === 'LISTEN') ports.add(s.local.port);
	return [...ports].sort((a, b) => a - b).map(String);
}

const LOCAL_HOSTS = /^(?:(?:https?:\/\/)?(?:localhost|127\.0\.0\.\d+|\[::1\]|0\.0\.0\.0)):(\d*)$/;

export function completeAt(line: string, cursor: number, world: World, at: Location): WorldCompletion | undefined {
	const { words, word, from } = wordAt(line, cursor);
	const cmd = words[0];
	if (cmd === undefined) return undefined;
	const base = cmd.replace(/^.*\//, '');
	if (TOOL_NAMES.includes(base)) {
		const offered = iptablesWord([base, ...words.slice(1)], word, world, at);
		if (offered === undefined) return undefined;
		return { from, candidates: [...new Set(offered)].filter((c) => c.startsWith(word)) };
	}
	if (base === 'curl' || base === 'wget') {
		const m = LOCAL_HOSTS.exec(word);
		if (m === null) return undefined;
		const host = word.slice(0, word.length - (m[1] ?? '').length);
		return { from, candidates: listeningPorts(world, at).filter((p) => p.startsWith(m[1] ?? '')).map((p) => `${host}${p}`) };
	}
	if (base === 'nc' && words.length >= 2 && /^(?:localhost|127\.0\.0\.\d+|::1)$/.test(words.at(-1) ?? '') && /^\d*$/.test(word)) {
		return { from, candidates: listeningPorts(world, at).filter((p) => p.startsWith(word)) };
	}
	return undefined;
}
