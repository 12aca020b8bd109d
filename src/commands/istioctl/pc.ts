// `istioctl proxy-config <sub>`: arguments checked as cobra checks them, the config dump taken
// from the pod (through the provider) or from -f, then one of the writers. Errors print as
// cobra prints a RunE error: `Error: <message>` on stderr, exit status 1; flag errors are
// istioctl's CommandParseError, exit status 64.

import { adminClustersFromDump, loadAdminClusters, loadConfigDump, parseJson, type ConfigDump } from '../../envoy';
import type { Json } from '../../envoy/json';
import { parseFlags, usageString, type CommandSpecData, type FlagSpec, type FlagValues } from './cobra';
import { GLOBAL_FLAGS, PC_FLAGS } from './commands';
import { toYaml } from './goyaml';
import type { IstioctlProvider, PodRef } from './provider';
import { bootstrapDump, bootstrapSummary, ecdsDump, ecdsSummary } from './writer/bootstrap';
import { clusterDump, clusterSummary, type ClusterFilter } from './writer/cluster';
import type { Written } from './writer/common';
import { edsDump, edsSummary, endpointDump, endpointSummary, type EndpointFilter } from './writer/endpoint';
import { listenerDump, listenerSummary, type ListenerFilter } from './writer/listener';
import { routeDump, routeSummary, type RouteFilter } from './writer/route';
import { secretDump, secretSummary } from './writer/secret';

export interface Result {
	readonly stdout: string;
	readonly stderr: string;
	readonly exitCode: number;
}

/** `1.29.0` >= `1.29`: compares the numeric parts of two versions. */
export function versionAtLeast(version: string, min: string): boolean {
	const a = version.split(/[.-]/).map((x) => Number.parseInt(x, 10));
	const b = min.split('.').map(Number);
	for (let i = 0; i < b.length; i++) {
		const x = a[i] ?? 0;
		const y = b[i] ?? 0;
		if (Number.isNaN(x)) return false;
		if (x !== y) return x > y;
	}
	return true;
}

/** The flags a subcommand accepts: its own, then proxy-config's and the root's that it does not shadow. */
export function subcommandFlags(sub: CommandSpecData, version: string): { local: FlagSpec[]; inherited: FlagSpec[] } {
	const name = sub.use.split(' ')[0];
	const local = [...sub.flags];
	// `--with-headers` arrived with istioctl 1.29.
	if (name === 'all' && versionAtLeast(version, '1.29')) local.push({ name: 'with-headers', kind: 'bool', usage: 'Print summary with headers' });
	const inherited = [...PC_FLAGS, ...GLOBAL_FLAGS].filter((f) => !local.some((l) => l.name === f.name));
	return { local, inherited };
}

const fail = (stdout: string, message: string, exitCode = 1, usage = ''): Result => ({ stdout, stderr: `${usage}Error: ${message}\n`, exitCode });

/** POD[.NAMESPACE] or pod/POD[.NAMESPACE] (handlers.InferPodInfoFromTypedResource). */
export function podRef(arg: string, namespace: string): PodRef | { error: string } {
	let name = arg;
	let ns = namespace;
	const slash = name.lastIndexOf('/');
	if (slash > 0) {
		const dot = name.slice(slash).lastIndexOf('.');
		if (dot >= 0) {
			ns = name.slice(slash + dot + 1);
			name = name.slice(0, slash + dot);
		}
		const kind = name.slice(0, name.indexOf('/')).toLowerCase();
		if (!['pod', 'pods', 'po'].includes(kind)) return { error: `no pods match "${name}"` };
		return { name: name.slice(name.indexOf('/') + 1), namespace: ns };
	}
	const dot = name.lastIndexOf('.');
	if (dot > 0) return { name: name.slice(0, dot), namespace: name.slice(dot + 1) };
	return { name, namespace: ns };
}

const v = {
	str: (f: FlagValues, k: string, d = ''): string => (f.has(k) ? String(f.get(k)) : d),
	int: (f: FlagValues, k: string): number => (typeof f.get(k) === 'number' ? (f.get(k) as number) : 0),
	bool: (f: FlagValues, k: string, d: boolean): boolean => (typeof f.get(k) === 'boolean' ? (f.get(k) as boolean) : d),
};

const ERR_NAMES: Readonly<Record<string, string>> = { endpoint: 'endpoints' };

/** The last few dumps loaded, by their text: a pod's dump does not change between two commands. */
const CACHE = new Map<string, ReturnType<typeof loadConfigDump>>();
function loadCached(text: string): ReturnType<typeof loadConfigDump> {
	const hit = CACHE.get(text);
	if (hit !== undefined) return hit;
	const loaded = loadConfigDump(text);
	if (CACHE.size >= 4) CACHE.delete(CACHE.keys().next().value as string);
	CACHE.set(text, loaded);
	return loaded;
}

export function runSubcommand(sub: CommandSpecData, argv: readonly string[], provider: IstioctlProvider, globalNamespace: string | undefined): Result {
	const name = sub.use.split(' ')[0] as string;
	const path = `istioctl proxy-config ${name}`;
	const { local, inherited } = subcommandFlags(sub, provider.istioVersion);
	const parsed = parseFlags(argv, [...local, ...inherited]);
	if (!parsed.ok) return fail('', parsed.error, 64);
	const usage = usageString(path, sub, local, inherited);
	if (parsed.help) return { stdout: `${(sub.long ?? sub.short).trimEnd()}\n\n${usage}`, stderr: '', exitCode: 0 };
	const f = parsed.values;
	const file = v.str(f, 'file');
	if ((parsed.args.length === 1) !== (file === '')) return fail('', `${ERR_NAMES[name] ?? name} requires pod name or --file parameter`, 1, `${usage}\n`);
	const adminPort = v.int(f, 'proxy-admin-port');
	if (f.has('proxy-admin-port') && (adminPort < 1 || adminPort > 65535)) return fail('', `invalid port: ${adminPort}`);
	const namespace = v.str(f, 'namespace', globalNamespace ?? '') || provider.defaultNamespace;

	// The text Envoy (or the file) gave.
	let text: string;
	let pod: PodRef | undefined;
	if (parsed.args.length === 1) {
		const ref = podRef(parsed.args[0] as string, namespace);
		if ('error' in ref) return fail('', ref.error);
		pod = ref;
		const got = name === 'endpoint' ? (provider.adminClusters?.(ref) ?? provider.configDump(ref)) : provider.configDump(ref);
		if (!got.ok) return fail('', `failed to execute command on ${name === 'endpoint' ? 'Envoy' : `${ref.name}.${ref.namespace} sidecar`}: ${got.error}`);
		text = got.text;
	} else {
		const got = provider.readFile(file);
		if (!got.ok) return fail('', got.error);
		text = got.text;
	}
	const format = name === 'bootstrap' ? v.str(f, 'output', 'json') : v.str(f, 'output', 'short');
	if (name === 'all') return runAll(text, f, format, provider);
	if (name === 'endpoint') return runEndpoint(text, f, format, provider, pod);

	const loaded = loadCached(text);
	if (!loaded.ok) return fail('', `error unmarshalling config dump response from Envoy: ${loaded.error}`);
	const dump = loaded.value;
	if (format !== 'short' && format !== 'json' && format !== 'yaml') return fail('', `output format "${format}" not supported`);
	const short = format === 'short';
	const fmt = format as 'json' | 'yaml';
	let w: Written;
	switch (name) {
		case 'listener':
			w = short ? listenerSummary(dump, listenerFilter(f)) : listenerDump(dump, listenerFilter(f), fmt);
			break;
		case 'cluster':
			w = short ? clusterSummary(dump, clusterFilter(f)) : clusterDump(dump, clusterFilter(f), fmt);
			break;
		case 'route':
			w = short ? routeSummary(dump, routeFilter(f)) : routeDump(dump, routeFilter(f), fmt);
			break;
		case 'eds':
			w = short ? edsSummary(dump, endpointFilter(f)) : edsDump(dump, endpointFilter(f), fmt);
			break;
		case 'secret':
			w = short ? secretSummary(dump, secretOptions(provider, false)) : secretDump(dump, fmt);
			break;
		case 'bootstrap':
			w = short ? bootstrapSummary(dump) : bootstrapDump(dump, fmt);
			break;
		default:
			w = short ? ecdsSummary(dump) : ecdsDump(dump, fmt);
	}
	return w.ok ? { stdout: w.text, stderr: '', exitCode: 0 } : fail('', w.error);
}

const listenerFilter = (f: FlagValues): ListenerFilter => ({ address: v.str(f, 'address'), port: v.int(f, 'port') >>> 0, type: v.str(f, 'type'), verbose: v.bool(f, 'verbose', true) });
const clusterFilter = (f: FlagValues): ClusterFilter => ({ fqdn: v.str(f, 'fqdn'), port: v.int(f, 'port'), subset: v.str(f, 'subset'), direction: v.str(f, 'direction') });
const routeFilter = (f: FlagValues): RouteFilter => ({ name: v.str(f, 'name'), verbose: v.bool(f, 'verbose', true) });
const endpointFilter = (f: FlagValues): EndpointFilter => ({ address: v.str(f, 'address'), port: v.int(f, 'port') >>> 0, cluster: v.str(f, 'cluster'), status: v.str(f, 'status') });
const secretOptions = (p: IstioctlProvider, includeConfigType: boolean) => ({ now: p.now(), padSerial: versionAtLeast(p.istioVersion, '1.29'), includeConfigType });

function runEndpoint(text: string, f: FlagValues, format: string, provider: IstioctlProvider, pod: PodRef | undefined): Result {
	// A pod's Envoy answers /clusters?format=json; without a recording of it the model derives it.
	let clusters;
	const direct = loadAdminClusters(text);
	if (direct.ok && !text.includes('"configs"')) clusters = direct.value;
	else {
		const dump = loadCached(text);
		if (!dump.ok) return fail('', `error unmarshalling config dump response from Envoy: ${direct.ok ? dump.error : direct.error}`);
		clusters = adminClustersFromDump(dump.value);
	}
	void pod;
	void provider;
	if (format === 'short') {
		const w = endpointSummary(clusters, endpointFilter(f));
		return w.ok ? { stdout: w.text, stderr: '', exitCode: 0 } : fail('', w.error);
	}
	if (format !== 'json' && format !== 'yaml') return fail('', `output format "${format}" not supported`);
	const w = endpointDump(clusters, endpointFilter(f), format);
	return w.ok ? { stdout: w.text, stderr: '', exitCode: 0 } : fail('', w.error);
}

/** `pc all`: the six summaries in order; an error stops it after what was already printed. */
function runAll(text: string, f: FlagValues, format: string, provider: IstioctlProvider): Result {
	if (format === 'json') return { stdout: `${text}\n`, stderr: '', exitCode: 0 };
	if (format === 'yaml') {
		const parsed = parseJson(text);
		if (!parsed.ok) return fail('', `error converting YAML to JSON: yaml: ${parsed.error}`);
		return { stdout: `${toYaml(parsed.value as Json)}\n`, stderr: '', exitCode: 0 };
	}
	if (format !== 'short') return fail('', `output format "${format}" not supported`);
	const loaded = loadCached(text);
	if (!loaded.ok) return fail('', `error unmarshalling config dump response from Envoy: ${loaded.error}`);
	const dump: ConfigDump = loaded.value;
	const headers = v.bool(f, 'with-headers', false);
	const o = { includeConfigType: true };
	const parts: [string, () => Written][] = [
		['BOOTSTRAP INFO', () => bootstrapSummary(dump)],
		['CLUSTER INFO', () => clusterSummary(dump, clusterFilter(f), o)],
		['LISTENER INFO', () => listenerSummary(dump, listenerFilter(f), o)],
		['ROUTE INFO', () => routeSummary(dump, routeFilter(f), o)],
		['SECRET INFO', () => secretSummary(dump, secretOptions(provider, true))],
		['ENDPOINTS INFO', () => edsSummary(dump, endpointFilter(f), o)],
	];
	let out = '';
	for (const [i, [title, part]] of parts.entries()) {
		if (headers) out += `------ ${title} ------\n\n`;
		const w = part();
		if (!w.ok) return fail(out, w.error);
		out += w.text;
		if (i < parts.length - 1) out += '\n';
	}
	return { stdout: out, stderr: '', exitCode: 0 };
}
