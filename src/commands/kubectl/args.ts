// kubectl's command line as cobra and pflag read it: the subcommand first, flags anywhere
// (`-n ns`, `-nns`, `--namespace=ns`, booleans combined as `-it`), `--` ending the flags. The
// errors are cobra's: `Error: unknown flag: --bogus` then `See 'kubectl get --help' for usage.`
// (recorded with kubectl 1.32.4).

export interface KubectlArgs {
	readonly verb: string;
	readonly operands: readonly string[];
	/** What follows `--` (kubectl exec's command). */
	readonly command?: readonly string[];
	/** Where `--` stood among the operands (exec refuses a command given without it). */
	readonly dashAt?: number;
	readonly namespace?: string;
	readonly allNamespaces: boolean;
	readonly output?: string;
	readonly selector?: string;
	readonly container?: string;
	readonly stdin: boolean;
	readonly tty: boolean;
	readonly follow: boolean;
	readonly previous: boolean;
	readonly tail?: number;
	readonly noHeaders: boolean;
	readonly quiet: boolean;
	readonly help: boolean;
}

interface FlagDef {
	readonly long: string;
	readonly short?: string;
	readonly value: boolean;
}

/** The flags each verb takes (a subset of kubectl's, the ones lessons use). */
const GLOBAL: readonly FlagDef[] = [
	{ long: 'namespace', short: 'n', value: true },
	{ long: 'help', short: 'h', value: false },
	{ long: 'context', value: true },
	{ long: 'kubeconfig', value: true },
	{ long: 'request-timeout', value: true },
	{ long: 'v', short: 'v', value: true },
];

const VERB_FLAGS: Readonly<Record<string, readonly FlagDef[]>> = {
	get: [
		{ long: 'all-namespaces', short: 'A', value: false },
		{ long: 'output', short: 'o', value: true },
		{ long: 'selector', short: 'l', value: true },
		{ long: 'no-headers', value: false },
		{ long: 'show-labels', value: false },
		{ long: 'watch', short: 'w', value: false },
	],
	describe: [
		{ long: 'all-namespaces', short: 'A', value: false },
		{ long: 'selector', short: 'l', value: true },
		{ long: 'show-events', value: false },
	],
	logs: [
		{ long: 'container', short: 'c', value: true },
		{ long: 'follow', short: 'f', value: false },
		{ long: 'previous', short: 'p', value: false },
		{ long: 'tail', value: true },
		{ long: 'timestamps', value: false },
		{ long: 'all-containers', value: false },
		{ long: 'selector', short: 'l', value: true },
	],
	exec: [
		{ long: 'container', short: 'c', value: true },
		{ long: 'stdin', short: 'i', value: false },
		{ long: 'tty', short: 't', value: false },
		{ long: 'quiet', short: 'q', value: false },
	],
};

export type Parsed = { ok: true; args: KubectlArgs } | { ok: false; stderr: string };

export function parseKubectl(argv: readonly string[]): Parsed {
	// The verb is the first word that is not a flag (global flags may precede it).
	let verb = '';
	const rest: string[] = [];
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i] ?? '';
		if (verb === '' && !a.startsWith('-')) verb = a;
		else {
			rest.push(a);
			if (verb === '' && (a === '-n' || a === '--namespace')) rest.push(argv[++i] ?? '');
		}
	}
	// Own keys only: a verb typed as `constructor` or `toString` is no verb.
	const defs = [...GLOBAL, ...((Object.hasOwn(VERB_FLAGS, verb) ? VERB_FLAGS[verb] : undefined) ?? [])];
	const values = new Map<string, string>();
	const operands: string[] = [];
	let command: string[] | undefined;
	let dashAt: number | undefined;
	const see = `See 'kubectl${verb === '' ? '' : ` ${verb}`} --help' for usage.\n`;
	for (let i = 0; i < rest.length; i++) {
		const a = rest[i] ?? '';
		if (a === '--') {
			dashAt = operands.length;
			command = rest.slice(i + 1);
			break;
		}
		if (a.startsWith('--')) {
			const eq = a.indexOf('=');
			const name = a.slice(2, eq < 0 ? undefined : eq);
			const def = defs.find((d) => d.long === name);
			if (def === undefined) return { ok: false, stderr: `Error: unknown flag: --${name}\n${see}` };
			if (def.value) {
				const v = eq >= 0 ? a.slice(eq + 1) : rest[++i];
				if (v === undefined) return { ok: false, stderr: `Error: flag needs an argument: --${name}\n${see}` };
				values.set(def.long, v);
			} else values.set(def.long, eq >= 0 ? a.slice(eq + 1) : 'true');
			continue;
		}
		if (a.startsWith('-') && a.length > 1) {
			for (let j = 1; j < a.length; j++) {
				const c = a[j] ?? '';
				const def = defs.find((d) => d.short === c);
				if (def === undefined) return { ok: false, stderr: `Error: unknown shorthand flag: '${c}' in ${a}\n${see}` };
				if (!def.value) {
					values.set(def.long, 'true');
					continue;
				}
				let v = a.slice(j + 1);
				if (v.startsWith('=')) v = v.slice(1);
				if (v === '') {
					const next = rest[++i];
					if (next === undefined) return { ok: false, stderr: `Error: flag needs an argument: '${c}' in -${c}\n${see}` };
					v = next;
				}
				values.set(def.long, v);
				break;
			}
			continue;
		}
		operands.push(a);
	}
	const bool = (k: string): boolean => values.get(k) === 'true';
	const tail = values.get('tail');
	const args: KubectlArgs = {
		verb,
		operands,
		...(command !== undefined ? { command } : {}),
		...(dashAt !== undefined ? { dashAt } : {}),
		...(values.has('namespace') ? { namespace: values.get('namespace') as string } : {}),
		allNamespaces: bool('all-namespaces'),
		...(values.has('output') ? { output: values.get('output') as string } : {}),
		...(values.has('selector') ? { selector: values.get('selector') as string } : {}),
		...(values.has('container') ? { container: values.get('container') as string } : {}),
		stdin: bool('stdin'),
		tty: bool('tty'),
		follow: bool('follow'),
		previous: bool('previous'),
		...(tail !== undefined && /^-?\d+$/.test(tail) ? { tail: Number(tail) } : {}),
		noHeaders: bool('no-headers'),
		quiet: bool('quiet'),
		help: bool('help'),
	};
	return { ok: true, args };
}

/** An equality-based label selector (`app=productpage,version!=v2,tier,!canary`); undefined if malformed. */
export function selectorMatcher(text: string): ((labels: Readonly<Record<string, string>>) => boolean) | undefined {
	const tests: ((l: Readonly<Record<string, string>>) => boolean)[] = [];
	for (const part of text.split(',').map((s) => s.trim())) {
		const m = /^(!?)([A-Za-z0-9_./-]+)(?:\s*(==|=|!=)\s*([A-Za-z0-9_.-]*))?$/.exec(part);
		if (m === null) return undefined;
		const [, not, key = '', op, value = ''] = m;
		if (op === undefined) tests.push((l) => (not === '!' ? !Object.hasOwn(l, key) : Object.hasOwn(l, key)));
		else if (not === '!') return undefined;
		else if (op === '!=') tests.push((l) => l[key] !== value);
		else tests.push((l) => l[key] === value);
	}
	return (labels) => tests.every((t) => t(labels));
}
