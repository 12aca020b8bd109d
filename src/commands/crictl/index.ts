// crictl v1.32 (the kind node's) against the node's containerd: `ps`, `pods`, `inspect` and
// `inspectp`, the way the seeds find a sidecar's PID on a containerd node:
//
//   crictl ps --name istio-proxy                      # the container id
//   crictl inspect --output go-template --template '{{.info.pid}}' ID
//
// Tables go through Go's tabwriter with crictl's settings (minwidth 20, padding 3); CREATED is
// docker/go-units' HumanDuration plus " ago" (cmd/crictl/container.go, sandbox.go, display.go).

import type { CommandSpec } from '../../shell';
import { hashLabel } from '../../world/random';
import type { Container, Pod, World } from '../../world/types';
import type { WorldHandle } from '../../lab/world-handle';
import { tabwrite } from '../kubectl/tabwriter';
import { bareId, containerInspect, goJson, sandboxInspect, type Json } from './inspect';
import { goTemplate } from './template';

/** The head of urfave/cli's app help (crictl v1.32.0, cmd/crictl/main.go), with the commands this terminal has. */
const CRICTL_USAGE = `NAME:
   crictl - client for CRI

USAGE:
   crictl [global options] command [command options]

VERSION:
   v1.32.0

COMMANDS:
   inspect   Display the status of one or more containers
   inspectp  Display the status of one or more pods
   pods      List pods
   ps        List containers
   version   Display runtime version information
`;

/** docker/go-units HumanDuration. */
export function unitsDuration(ms: number): string {
	const seconds = Math.trunc(ms / 1000);
	if (seconds < 1) return 'Less than a second';
	if (seconds === 1) return '1 second';
	if (seconds < 60) return `${seconds} seconds`;
	const minutes = Math.trunc(seconds / 60);
	if (minutes === 1) return 'About a minute';
	if (minutes < 60) return `${minutes} minutes`;
	const hours = Math.trunc(ms / 3600000 + 0.5);
	if (hours === 1) return 'About an hour';
	if (hours < 48) return `${hours} hours`;
	if (hours < 24 * 7 * 2) return `${Math.trunc(hours / 24)} days`;
	if (hours < 24 * 30 * 2) return `${Math.trunc(hours / 24 / 7)} weeks`;
	if (hours < 24 * 365 * 2) return `${Math.trunc(hours / 24 / 30)} months`;
	return `${Math.trunc(ms / 3600000 / 24 / 365)} years`;
}

/** The image's config digest (what the kubelet hands containerd as the image): stable per image. */
export function imageConfigId(imageId: string): string {
	let s = '';
	for (let i = 0; s.length < 64; i++) s += hashLabel(0, `image-config/${imageId}/${i}`).toString(16).padStart(8, '0');
	return `sha256:${s.slice(0, 64)}`;
}

/** A filter regular expression as Go compiles it; one that does not compile matches nothing. */
function matcher(pattern: string | undefined): (s: string) => boolean {
	if (pattern === undefined) return () => true;
	try {
		const re = new RegExp(pattern);
		return (s) => re.test(s);
	} catch {
		return () => false;
	}
}

interface Row {
	readonly pod: Pod;
	readonly c: Container;
}

const table = (rows: readonly (readonly string[])[]): string => tabwrite(rows.map((r) => `${r.join('\t')}\n`).join(''), { minwidth: 20, padding: 3 });

/** logrus' fatal line: `FATA[0000] …` on a terminal, key=value otherwise. */
function fatal(handle: WorldHandle, msg: string): { stdout: string; stderr: string; exitCode: number } {
	const text = handle.terminal !== undefined ? `FATA[0000] ${msg}\n` : `time="${new Date(handle.now()).toISOString().replace(/\.\d{3}Z$/, 'Z')}" level=fatal msg=${JSON.stringify(msg)}\n`;
	return { stdout: '', stderr: text, exitCode: 1 };
}

function flags(args: readonly string[], valued: readonly string[]): { opts: Map<string, string>; operands: string[] } | string {
	const opts = new Map<string, string>();
	const operands: string[] = [];
	for (let i = 0; i < args.length; i++) {
		const a = args[i] ?? '';
		if (!a.startsWith('-') || a === '-') {
			operands.push(a);
			continue;
		}
		const eq = a.indexOf('=');
		const name = a.replace(/^--?/, '').slice(0, eq < 0 ? undefined : eq - (a.startsWith('--') ? 2 : 1));
		if (valued.includes(name)) {
			const v = eq >= 0 ? a.slice(eq + 1) : args[++i];
			if (v === undefined) return `flag needs an argument: ${a}`;
			opts.set(name, v);
		} else opts.set(name, 'true');
	}
	return { opts, operands };
}

function containers(world: World, node: string): Row[] {
	return world.pods.filter((p) => p.nodeName === node).flatMap((pod) => pod.containers.map((c) => ({ pod, c })));
}

export function crictl(handle: WorldHandle): CommandSpec {
	return {
		name: 'crictl',
		path: '/usr/local/bin/crictl',
		help: { summary: { en: "the node's container runtime: crictl ps, pods, inspect (find a container's PID)", zh: '节点的容器运行时：crictl ps、pods、inspect（查找容器的 PID）' }, usage: 'crictl [global options] command [command options]' },
		run(args) {
			const [cmd = '', ...rest] = args;
			const world = handle.world;
			const at = handle.location;
			if (at.uid !== 0) return fatal(handle, 'validate service connection: validate CRI v1 runtime API for endpoint "unix:///run/containerd/containerd.sock": rpc error: code = Unavailable desc = connection error: desc = "transport: Error while dialing: dial unix /run/containerd/containerd.sock: connect: permission denied"');
			const now = handle.now();
			const all = containers(world, at.node);
			if (cmd === 'ps') {
				const f = flags(rest, ['name', 'pod', 'p', 'namespace', 'state', 's', 'output', 'o', 'label', 'image']);
				if (typeof f === 'string') return fatal(handle, f);
				const o = f.opts;
				const showAll = o.has('all') || o.has('a');
				const state = o.get('state') ?? o.get('s');
				const name = o.get('name');
				const ns = o.get('namespace');
				const podId = o.get('pod') ?? o.get('p');
				let rows = all.filter(({ c }) => (showAll || state !== undefined ? true : c.state.kind === 'running'));
				if (state !== undefined) rows = rows.filter(({ c }) => (state.toLowerCase() === 'running') === (c.state.kind === 'running'));
				const byName = matcher(name);
				const byNs = matcher(ns);
				rows = rows.filter(({ pod, c }) => byName(c.name) && byNs(pod.namespace));
				if (podId !== undefined) rows = rows.filter(({ pod }) => pod.sandbox.id.startsWith(podId));
				rows = [...rows].sort((a, b) => b.c.state.startedAt - a.c.state.startedAt);
				if (o.has('quiet') || o.has('q')) return { stdout: rows.map(({ c }) => `${bareId(c.id)}\n`).join(''), stderr: '', exitCode: 0 };
				const trunc = (s: string): string => (o.has('no-trunc') ? s : s.slice(0, 13));
				const out = table([
					['CONTAINER', 'IMAGE', 'CREATED', 'STATE', 'NAME', 'ATTEMPT', 'POD ID', 'POD', 'NAMESPACE'],
					...rows.map(({ pod, c }) => [trunc(bareId(c.id)), o.has('no-trunc') ? imageConfigId(c.imageId) : imageConfigId(c.imageId).slice(7, 20), `${unitsDuration(now - (c.state.startedAt - 120))} ago`, c.state.kind === 'running' ? 'Running' : 'Exited', c.name, '0', trunc(pod.sandbox.id), pod.name, pod.namespace]),
				]);
				return { stdout: out, stderr: '', exitCode: 0 };
			}
			if (cmd === 'pods') {
				const f = flags(rest, ['name', 'namespace', 'state', 's', 'output', 'o', 'label']);
				if (typeof f === 'string') return fatal(handle, f);
				const byName = matcher(f.opts.get('name'));
				const byNs = matcher(f.opts.get('namespace'));
				const pods = world.pods.filter((p) => p.nodeName === at.node && byName(p.name) && byNs(p.namespace)).sort((a, b) => b.createdAt - a.createdAt);
				if (f.opts.has('quiet') || f.opts.has('q')) return { stdout: pods.map((p) => `${p.sandbox.id}\n`).join(''), stderr: '', exitCode: 0 };
				const out = table([['POD ID', 'CREATED', 'STATE', 'NAME', 'NAMESPACE', 'ATTEMPT', 'RUNTIME'], ...pods.map((p) => [p.sandbox.id.slice(0, 13), `${unitsDuration(now - (p.createdAt + 300))} ago`, 'Ready', p.name, p.namespace, '0', '(default)'])]);
				return { stdout: out, stderr: '', exitCode: 0 };
			}
			if (cmd === 'inspect' || cmd === 'inspectp') {
				const f = flags(rest, ['output', 'o', 'template']);
				if (typeof f === 'string') return fatal(handle, f);
				if (f.operands.length === 0) return fatal(handle, 'ID cannot be empty');
				const docs: Json[] = [];
				for (const id of f.operands) {
					if (cmd === 'inspect') {
						const hits = all.filter(({ c }) => bareId(c.id).startsWith(id));
						if (hits.length !== 1) return fatal(handle, `get container status: rpc error: code = NotFound desc = an error occurred when try to find container "${id}": not found`);
						const { pod, c } = hits[0] as Row;
						docs.push(containerInspect(world, pod, c, imageConfigId(c.imageId)));
					} else {
						const hits = world.pods.filter((p) => p.nodeName === at.node && p.sandbox.id.startsWith(id));
						if (hits.length !== 1) return fatal(handle, `getting the pod sandbox status for "${id}": rpc error: code = NotFound desc = an error occurred when try to find sandbox "${id}": not found`);
						const pod = hits[0] as Pod;
						docs.push(sandboxInspect(pod, pod.createdAt + 300));
					}
				}
				const data: Json = docs.length === 1 ? (docs[0] as Json) : docs;
				const output = f.opts.get('output') ?? f.opts.get('o') ?? 'json';
				if (output === 'go-template') {
					const r = goTemplate(f.opts.get('template') ?? '', JSON.parse(goJson(data)) as unknown);
					if (!r.ok) return fatal(handle, `execute template: ${r.error}`);
					return { stdout: `${r.text}\n`, stderr: '', exitCode: 0 };
				}
				if (output !== 'json') return fatal(handle, `unsupported format: "${output}"`);
				return { stdout: `${goJson(data)}\n`, stderr: '', exitCode: 0 };
			}
			if (cmd === '--version' || cmd === '-v' || cmd === 'version') return { stdout: cmd === 'version' ? 'Version:  0.1.0\nRuntimeName:  containerd\nRuntimeVersion:  v2.0.2\nRuntimeApiVersion:  v1\n' : 'crictl version v1.32.0\n', stderr: '', exitCode: 0 };
			// urfave/cli v2: the app's help without a command; an unknown one is an ExitCoder (status 3).
			if (cmd === '' || cmd === 'help' || cmd === '--help' || cmd === '-h') return { stdout: CRICTL_USAGE, stderr: '', exitCode: 0 };
			return { stdout: '', stderr: `No help topic for '${cmd}'\n`, exitCode: 3 };
		},
	};
}
