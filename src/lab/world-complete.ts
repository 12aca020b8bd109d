// Tab in the world's terminal: the candidates for the word before the cursor. Commands of the
// place for the first word of a command, pod names after `kubectl exec|logs|describe|get pod`,
// container names after `-c`, file names otherwise. The terminal decides what to insert
// (src/terminal/completion.ts, readline's rules).

import { resolvePath, type Registry, type VirtualFs } from '../shell';
import type { World } from '../world/types';

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
