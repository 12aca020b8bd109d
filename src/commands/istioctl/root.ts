// The root command and `istioctl version` (pkg/version/cobra.go, Istio 1.26): the client's
// version, then, when the cluster answers, the control plane's and the data plane's proxies
// counted per version.

import { parseFlags, type CommandSpecData, type FlagSpec } from './cobra';
import { GLOBAL_FLAGS, PROXY_CONFIG } from './commands';
import type { Result } from './pc';
import type { IstioctlProvider } from './provider';
import { PROXY_STATUS } from './proxy-status';

export const VERSION: CommandSpecData = {
	use: 'version',
	short: 'Prints out build version information',
	flags: [
		{ name: 'output', short: 'o', kind: 'string', usage: "One of 'yaml' or 'json'." },
		{ name: 'remote', kind: 'bool', usage: 'Use --remote=false to suppress control plane check', def: true },
		{ name: 'short', short: 's', kind: 'bool', usage: 'Use --short=false to generate full version information', def: true },
		{ name: 'revision', short: 'r', kind: 'string', usage: 'Control plane revision' },
	],
};

export const EXPERIMENTAL_ENTRY: CommandSpecData = { use: 'experimental', aliases: ['x', 'exp'], short: 'Experimental commands that may be modified or deprecated', flags: [] };

export const ROOT: CommandSpecData = {
	use: 'istioctl',
	short: 'Istio control interface.',
	long: 'Istio configuration command line utility for service operators to\ndebug and diagnose their Istio mesh.\n',
	flags: GLOBAL_FLAGS,
	subcommands: [
		{ use: 'admin', short: 'Manage control plane (istiod) configuration', flags: [] },
		{ use: 'analyze', short: 'Analyze Istio configuration and print validation messages', flags: [] },
		{ use: 'bug-report', short: 'Cluster information and log capture support tool.', flags: [] },
		{ use: 'completion', short: 'Generate the autocompletion script for the specified shell', flags: [] },
		{ use: 'create-remote-secret', short: 'Create a secret with credentials to allow Istio to access remote Kubernetes apiservers', flags: [] },
		{ use: 'dashboard', short: 'Access to Istio web UIs', flags: [] },
		EXPERIMENTAL_ENTRY,
		{ use: 'help', short: 'Help about any command', flags: [] },
		{ use: 'install', short: 'Applies an Istio manifest, installing or reconfiguring Istio on a cluster.', flags: [] },
		{ use: 'kube-inject', short: 'Inject Istio sidecar into Kubernetes pod resources', flags: [] },
		{ use: 'manifest', short: 'Commands related to Istio manifests', flags: [] },
		PROXY_CONFIG,
		PROXY_STATUS,
		{ use: 'remote-clusters', short: 'Lists the remote clusters each istiod instance is connected to.', flags: [] },
		{ use: 'tag', short: 'Command group used to interact with revision tags', flags: [] },
		{ use: 'uninstall', short: 'Uninstall Istio from a cluster', flags: [] },
		{ use: 'upgrade', short: 'Upgrade Istio control plane in-place', flags: [] },
		{ use: 'validate', short: 'Validate Istio policy and rules files', flags: [] },
		VERSION,
		{ use: 'waypoint', short: 'Manage waypoint configuration', flags: [] },
		{ use: 'ztunnel-config', short: 'Update or retrieve current Ztunnel configuration.', flags: [] },
	],
};

export function versionText(argv: readonly string[], provider: IstioctlProvider): Result {
	const flags: FlagSpec[] = [...VERSION.flags, ...GLOBAL_FLAGS];
	const p = parseFlags(argv, flags);
	if (!p.ok) return { stdout: '', stderr: `Error: ${p.error}\n`, exitCode: 64 };
	const output = p.values.has('output') ? String(p.values.get('output')) : '';
	if (output !== '' && output !== 'yaml' && output !== 'json') return { stdout: '', stderr: "Error: --output must be 'yaml' or 'json'\n", exitCode: 1 };
	const remote = p.values.get('remote') !== false;
	let out = `client version: ${provider.istioVersion}\n`;
	if (remote) {
		const cp = provider.controlPlaneVersion?.();
		if (cp !== undefined) out += `control plane version: ${cp}\n`;
		const dp = provider.dataPlaneVersions?.();
		if (dp !== undefined) {
			const list = [...dp].sort((x, y) => (x.version < y.version ? -1 : 1));
			out += `data plane version: ${list.length === 0 ? 'none' : list.map((d) => `${d.version} (${d.count} proxies)`).join(', ')}\n`;
		}
	}
	return { stdout: out, stderr: '', exitCode: 0 };
}
