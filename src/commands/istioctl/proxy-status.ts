// `istioctl proxy-status` without a pod argument (istioctl/pkg/writer/pilot/status.go, Istio
// 1.26): one row per connected proxy, sorted by proxy ID, tabwriter padding 5.

import { goSortSlice } from './gosort';
import { parseFlags, type CommandSpecData } from './cobra';
import { GLOBAL_FLAGS } from './commands';
import type { Result } from './pc';
import type { IstioctlProvider } from './provider';
import { table } from './writer/common';

export const PROXY_STATUS: CommandSpecData = {
	use: 'proxy-status [<type>/]<name>[.<namespace>]',
	aliases: ['ps'],
	short: 'Retrieves the synchronization status of each Envoy in the mesh',
	flags: [
		{ name: 'file', short: 'f', kind: 'string', usage: 'Envoy config dump JSON file' },
		{ name: 'revision', short: 'r', kind: 'string', usage: 'Control plane revision' },
		{ name: 'output', short: 'o', kind: 'string', usage: 'One of: json, yaml, short', def: 'short' },
		{ name: 'verbose', short: 'v', kind: 'bool', usage: 'Whether to show more details', def: true },
	],
};

export function proxyStatus(argv: readonly string[], provider: IstioctlProvider): Result {
	const p = parseFlags(argv, [...PROXY_STATUS.flags, ...GLOBAL_FLAGS]);
	if (!p.ok) return { stdout: '', stderr: `Error: ${p.error}\n`, exitCode: 64 };
	const rowsIn = provider.proxyStatus?.();
	if (rowsIn === undefined) return { stdout: '', stderr: 'Error: unable to find any Istiod instances\n', exitCode: 1 };
	const ns = p.values.has('namespace') ? String(p.values.get('namespace')) : '';
	const pod = p.args[0];
	const kept = rowsIn.filter((r) => (ns === '' || r.proxy.endsWith(`.${ns}`)) && (pod === undefined || r.proxy === pod || r.proxy.startsWith(`${pod}.`)));
	if (kept.length === 0 && rowsIn.length > 0 && pod === undefined) return { stdout: '', stderr: 'Error: no proxies found (checked 1 istiods)\n', exitCode: 1 };
	const sorted = goSortSlice([...kept], (x, y) => x.proxy < y.proxy);
	const rows = [['NAME', 'CLUSTER', 'CDS', 'LDS', 'EDS', 'RDS', 'ECDS', 'ISTIOD', 'VERSION'], ...sorted.map((r) => [r.proxy, r.cluster, r.cds, r.lds, r.eds, r.rds, r.ecds, r.istiod, r.version])];
	return { stdout: table(rows, 5), stderr: '', exitCode: 0 };
}
