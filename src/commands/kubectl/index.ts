// kubectl as the learner uses it next to the node: get, describe pod, logs and exec against the
// world's cluster (kubectl 1.32 against Kubernetes 1.32). Messages are kubectl's own, recorded
// with kubectl 1.32.4 against an API server that served the scenario's objects
// (tests/unit/commands/recorded/kubectl/README.md).

import { waiting, type CommandSpec, type Outcome } from '../../shell';
import type { LabControl } from '../../lab/lab-control';
import type { WorldHandle } from '../../lab/world-handle';
import { parseKubectl, selectorMatcher, type KubectlArgs } from './args';
import { describePod } from './describe';
import { kubectlExecCommand } from './exec';
import { kubectlGet } from './get';
import { KUBECTL_HELP, KUBECTL_USAGE, notModelled } from './help';
import { parseManifest } from './object';
import { allContainerNames, defaultContainer, findPod } from './pods';

type Result = { stdout: string; stderr: string; exitCode: number };
const fail = (stderr: string, exitCode = 1): Result => ({ stdout: '', stderr, exitCode });

/** kubectl's commands in the order they are registered (the order of `kubectl`'s help, then cobra's own). */
const VERBS = ['create', 'expose', 'run', 'set', 'explain', 'get', 'edit', 'delete', 'rollout', 'scale', 'autoscale', 'certificate', 'cluster-info', 'top', 'cordon', 'uncordon', 'drain', 'taint', 'describe', 'logs', 'attach', 'exec', 'port-forward', 'proxy', 'cp', 'auth', 'debug', 'events', 'diff', 'apply', 'patch', 'replace', 'wait', 'kustomize', 'label', 'annotate', 'completion', 'api-resources', 'api-versions', 'config', 'plugin', 'version', 'options', 'help'];

function levenshtein(a: string, b: string): number {
	const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
	for (let j = 1; j <= b.length; j++) (d[0] as number[])[j] = j;
	for (let i = 1; i <= a.length; i++) {
		for (let j = 1; j <= b.length; j++) {
			const row = d[i] as number[];
			const prev = d[i - 1] as number[];
			row[j] = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1));
		}
	}
	return (d[a.length] as number[])[b.length] as number;
}

/** cobra's error for an unknown command, with its suggestions (Levenshtein distance 2 or a prefix). */
function unknownVerb(verb: string): Result {
	const typed = verb.toLowerCase();
	const near = verb.length > 64 ? [] : VERBS.filter((v) => levenshtein(typed, v) <= 2 || v.startsWith(typed));
	const hint = near.length > 0 ? `\nDid you mean this?\n${near.map((n) => `\t${n}\n`).join('')}\n` : '';
	return fail(`Error: unknown command "${verb}" for "kubectl"\n${hint}`);
}

function describe(handle: WorldHandle, a: KubectlArgs): Result {
	const [what, ...names] = a.operands;
	if (what === undefined) return fail('error: You must specify the type of resource to describe. Use "kubectl api-resources" for a complete list of supported resources.\n');
	const slash = what.indexOf('/');
	const kind = (slash >= 0 ? what.slice(0, slash) : what).toLowerCase();
	if (slash >= 0) names.unshift(what.slice(slash + 1));
	if (!['pod', 'pods', 'po'].includes(kind)) return fail(`error: the server doesn't have a resource type "${kind}"\n`);
	const ns = a.namespace ?? 'default';
	const match = a.selector === undefined ? () => true : (selectorMatcher(a.selector) ?? (() => false));
	const inScope = handle.world.pods.filter((p) => (a.allNamespaces || p.namespace === ns) && match(p.labels)).sort((x, y) => (x.namespace < y.namespace ? -1 : x.namespace > y.namespace ? 1 : x.name < y.name ? -1 : 1));
	const texts: string[] = [];
	let stderr = '';
	if (names.length === 0) {
		if (inScope.length === 0) return fail(a.allNamespaces ? 'No resources found\n' : `No resources found in ${ns} namespace.\n`, 0);
		texts.push(...inScope.map((p) => describePod(parseManifest(p.manifest))));
	}
	for (const n of names) {
		// describe falls back to every pod whose name starts with the one given.
		const exact = inScope.filter((p) => p.name === n);
		const hits = exact.length > 0 ? exact : inScope.filter((p) => p.name.startsWith(n));
		if (hits.length === 0) stderr += `Error from server (NotFound): pods "${n}" not found\n`;
		texts.push(...hits.map((p) => describePod(parseManifest(p.manifest))));
	}
	return { stdout: texts.join('\n\n'), stderr, exitCode: stderr === '' ? 0 : 1 };
}

function logs(handle: WorldHandle, a: KubectlArgs): Outcome {
	const [ref] = a.operands;
	if (ref === undefined) return fail("error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command\nSee 'kubectl logs -h' for help and examples\n");
	const ns = a.namespace ?? 'default';
	const found = findPod(handle.world, ref, ns);
	if (!found.ok) return fail(`error: error from server (NotFound): pods "${ref.replace(/^pods?\//, '')}" not found in namespace "${ns}"\n`);
	const pod = found.value;
	let notice = '';
	let container = a.container === undefined ? undefined : pod.containers.find((c) => c.name === a.container);
	if (a.container === undefined) {
		const d = defaultContainer(pod);
		container = d.container;
		notice = d.notice;
	} else if (container === undefined) return fail(`error: container ${a.container} is not valid for pod ${pod.name}\n`);
	if (container === undefined) return fail(`error: a container name must be specified for pod ${pod.name}, choose one of: [${allContainerNames(pod)}]\n`);
	if (a.previous) return fail(`${notice}error: previous terminated container "${container.name}" in pod "${pod.name}" not found\n`);
	let text = container.logs;
	if (a.tail !== undefined && a.tail >= 0) {
		const lines = text.split('\n');
		if (lines.at(-1) === '') lines.pop();
		text = lines.slice(Math.max(0, lines.length - a.tail)).map((l) => `${l}\n`).join('');
	}
	if (!a.follow || container.state.kind !== 'running') return { stdout: text, stderr: notice, exitCode: 0 };
	// -f on a running container waits for more lines until Ctrl-C.
	const wait = waiting(Number.POSITIVE_INFINITY);
	let first = true;
	return {
		kind: 'process',
		advance: (ms) => {
			const s = wait.advance(ms);
			if (!first) return s;
			first = false;
			return { ...s, stdout: text, stderr: notice };
		},
		signal: (sig) => wait.signal(sig),
	};
}

export function kubectl(handle: WorldHandle, lab: LabControl): CommandSpec {
	return {
		name: 'kubectl',
		path: '/usr/local/bin/kubectl',
		help: KUBECTL_HELP,
		run(args, ctx) {
			if (args.length === 0) return { stdout: KUBECTL_USAGE, stderr: '', exitCode: 0 };
			const parsed = parseKubectl(args);
			if (!parsed.ok) return fail(parsed.stderr);
			const a = parsed.args;
			if (a.verb === '' && a.help) return { stdout: KUBECTL_USAGE, stderr: '', exitCode: 0 };
			switch (a.verb) {
				case 'get':
					return kubectlGet(handle.world, a, handle.now());
				case 'describe':
					return describe(handle, a);
				case 'logs':
					return logs(handle, a);
				case 'exec':
					return kubectlExecCommand(handle, lab, a, ctx);
				case 'version':
					return { stdout: `Client Version: v1.32.4\nKustomize Version: v5.5.0\nServer Version: ${handle.world.cluster.kubernetesVersion}\n`, stderr: '', exitCode: 0 };
				case '':
					return { stdout: KUBECTL_USAGE, stderr: '', exitCode: 0 };
				default:
					return VERBS.includes(a.verb) ? fail(notModelled(ctx.lang, a.verb)) : unknownVerb(a.verb);
			}
		},
	};
}
