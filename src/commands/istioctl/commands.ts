// istioctl's commands as data: Use lines, aliases, texts and flags as istioctl 1.26 defines them
// (istioctl/cmd/root.go, istioctl/pkg/proxyconfig/proxyconfig.go). Only the subcommands the lab
// runs are listed under proxy-config; the root help lists what a learner meets in lessons.

import type { CommandSpecData, FlagSpec } from './cobra';

export const GLOBAL_FLAGS: readonly FlagSpec[] = [
	{ name: 'as', kind: 'string', usage: 'Username to impersonate for the operation. User could be a regular user or a service account in a namespace' },
	{ name: 'as-group', kind: 'stringArray', usage: 'Group to impersonate for the operation, this flag can be repeated to specify multiple groups.' },
	{ name: 'as-uid', kind: 'string', usage: 'UID to impersonate for the operation.' },
	{ name: 'context', kind: 'string', usage: 'Kubernetes configuration context' },
	{ name: 'istioNamespace', short: 'i', kind: 'string', usage: 'Istio system namespace', def: 'istio-system' },
	{ name: 'kubeconfig', short: 'c', kind: 'string', usage: 'Kubernetes configuration file' },
	{ name: 'namespace', short: 'n', kind: 'string', usage: 'Kubernetes namespace' },
	{ name: 'vklog', kind: 'Level', usage: 'number for the log level verbosity. Like -v flag. ex: --vklog=9' },
];

/** Persistent flags of `proxy-config` itself. */
export const PC_FLAGS: readonly FlagSpec[] = [
	{ name: 'output', short: 'o', kind: 'string', usage: 'Output format: one of json|yaml|short', def: 'short' },
	{ name: 'proxy-admin-port', kind: 'int', usage: 'Envoy proxy admin port', def: 15000 },
];

const output = (def = 'short'): FlagSpec => ({ name: 'output', short: 'o', kind: 'string', usage: 'Output format: one of json|yaml|short', def });
const file = (usage = 'Envoy config dump JSON file'): FlagSpec => ({ name: 'file', short: 'f', kind: 'string', usage });
const verbose: FlagSpec = { name: 'verbose', kind: 'bool', usage: 'Output more information', def: true };
const epFlags: readonly FlagSpec[] = [
	output(),
	{ name: 'address', kind: 'string', usage: 'Filter endpoints by address field' },
	{ name: 'port', kind: 'int', usage: 'Filter endpoints by Port field' },
	{ name: 'cluster', kind: 'string', usage: 'Filter endpoints by cluster name field' },
	{ name: 'status', kind: 'string', usage: 'Filter endpoints by status field' },
	file(),
];

const example = (lines: readonly string[]): string => `${lines.join('\n')}\n`;
const pod = '<pod-name[.namespace]>';

export const PC_SUBCOMMANDS: readonly CommandSpecData[] = [
	{
		use: 'all [<type>/]<name>[.<namespace>]',
		aliases: ['a'],
		short: 'Retrieves all configuration for the Envoy in the specified pod',
		long: 'Retrieve information about all configuration for the Envoy instance in the specified pod.',
		example: example([`  # Retrieve summary about all configuration for a given pod from Envoy.`, `  istioctl proxy-config all ${pod}`, '', '  # Retrieve summary about all configuration for a pod under a deployment from Envoy.', '  istioctl proxy-config all deployment/<deployment-name[.namespace]>', '', '  # Retrieve full cluster dump as JSON', `  istioctl proxy-config all ${pod} -o json`, '', '  # Retrieve full cluster dump with short syntax', `  istioctl pc a ${pod}`, '', '  # Retrieve cluster summary without using Kubernetes API', "  ssh <user@hostname> 'curl localhost:15000/config_dump' > envoy-config.json", '  istioctl proxy-config all --file envoy-config.json']),
		flags: [
			output(),
			file('Envoy config dump file'),
			verbose,
			{ name: 'fqdn', kind: 'string', usage: 'Filter clusters by substring of Service FQDN field' },
			{ name: 'direction', kind: 'string', usage: 'Filter clusters by Direction field' },
			{ name: 'subset', kind: 'string', usage: 'Filter clusters by substring of Subset field' },
			{ name: 'port', kind: 'int', usage: 'Filter clusters and listeners by Port field' },
			{ name: 'address', kind: 'string', usage: 'Filter listeners by address field' },
			{ name: 'type', kind: 'string', usage: 'Filter listeners by type field' },
			{ name: 'name', kind: 'string', usage: 'Filter routes by route name field' },
		],
	},
	{
		use: 'bootstrap [<type>/]<name>[.<namespace>]',
		aliases: ['b'],
		short: 'Retrieves bootstrap configuration for the Envoy in the specified pod',
		long: 'Retrieve information about bootstrap configuration for the Envoy instance in the specified pod.',
		example: example(['  # Retrieve full bootstrap configuration for a given pod from Envoy.', `  istioctl proxy-config bootstrap ${pod}`, '', '  # Retrieve full bootstrap configuration for a pod under a deployment from Envoy.', '  istioctl proxy-config bootstrap deployment/<deployment-name[.namespace]>', '', '  # Retrieve full bootstrap without using Kubernetes API', "  ssh <user@hostname> 'curl localhost:15000/config_dump' > envoy-config.json", '  istioctl proxy-config bootstrap --file envoy-config.json', '', '  # Show a human-readable Istio and Envoy version summary', `  istioctl proxy-config bootstrap ${pod} -o short`]),
		flags: [output('json'), file()],
	},
	{
		use: 'cluster [<type>/]<name>[.<namespace>]',
		aliases: ['clusters', 'c'],
		short: 'Retrieves cluster configuration for the Envoy in the specified pod',
		long: 'Retrieve information about cluster configuration for the Envoy instance in the specified pod.',
		example: example(['  # Retrieve summary about cluster configuration for a given pod from Envoy.', `  istioctl proxy-config clusters ${pod}`, '', '  # Retrieve summary about cluster configuration for a pod under a deployment from Envoy.', '  istioctl proxy-config clusters deployment/<deployment-name[.namespace]>', '', '  # Retrieve cluster summary for clusters with port 9080.', `  istioctl proxy-config clusters ${pod} --port 9080`, '', '  # Retrieve full cluster dump for clusters that are inbound with a FQDN of details.default.svc.cluster.local.', `  istioctl proxy-config clusters ${pod} --fqdn details.default.svc.cluster.local --direction inbound -o json`, '', '  # Retrieve cluster summary without using Kubernetes API', "  ssh <user@hostname> 'curl localhost:15000/config_dump' > envoy-config.json", '  istioctl proxy-config clusters --file envoy-config.json']),
		flags: [
			output(),
			{ name: 'fqdn', kind: 'string', usage: 'Filter clusters by substring of Service FQDN field' },
			{ name: 'direction', kind: 'string', usage: 'Filter clusters by Direction field' },
			{ name: 'subset', kind: 'string', usage: 'Filter clusters by substring of Subset field' },
			{ name: 'port', kind: 'int', usage: 'Filter clusters by Port field' },
			file(),
		],
	},
	{
		use: 'ecds [<type>/]<name>[.<namespace>]',
		aliases: ['ec'],
		short: 'Retrieves typed extension configuration for the Envoy in the specified pod',
		long: 'Retrieve information about typed extension configuration for the Envoy instance in the specified pod.',
		example: example(['  # Retrieve full typed extension configuration for a given pod from Envoy.', `  istioctl proxy-config ecds ${pod}`, '', '  # Retrieve full typed extension configuration for a pod under a deployment from Envoy.', '  istioctl proxy-config ecds deployment/<deployment-name[.namespace]>', '', '  # Retrieve endpoint summary without using Kubernetes API', "  ssh <user@hostname> 'curl localhost:15000/config_dump' > envoy-config.json", '  istioctl proxy-config ecds --file envoy-config.json']),
		flags: [output(), file()],
	},
	{
		use: 'eds [<type>/]<name>[.<namespace>]',
		hidden: true,
		short: 'Retrieves endpoint configuration for the Envoy in the specified pod',
		long: 'Retrieve information about endpoint configuration for the Envoy instance in the specified pod.',
		flags: epFlags,
	},
	{
		use: 'endpoint [<type>/]<name>[.<namespace>]',
		aliases: ['endpoints', 'ep'],
		short: 'Retrieves endpoint configuration for the Envoy in the specified pod',
		long: 'Retrieve information about endpoint configuration for the Envoy instance in the specified pod.',
		example: example(['  # Retrieve full endpoint configuration for a given pod from Envoy.', `  istioctl proxy-config endpoint ${pod}`, '', '  # Retrieve full endpoint configuration for a pod under a deployment from Envoy.', '  istioctl proxy-config endpoint deployment/<deployment-name[.namespace]>', '', '  # Retrieve endpoint summary for endpoint with port 9080.', `  istioctl proxy-config endpoint ${pod} --port 9080`, '', '  # Retrieve full endpoint with a address (172.17.0.2).', `  istioctl proxy-config endpoint ${pod} --address 172.17.0.2 -o json`, '', '  # Retrieve full endpoint with a cluster name (outbound|9411||zipkin.istio-system.svc.cluster.local).', `  istioctl proxy-config endpoint ${pod} --cluster "outbound|9411||zipkin.istio-system.svc.cluster.local" -o json`, '  # Retrieve full endpoint with the status (healthy).', `  istioctl proxy-config endpoint ${pod} --status healthy -ojson`, '', '  # Retrieve endpoint summary without using Kubernetes API', "  ssh <user@hostname> 'curl localhost:15000/clusters?format=json' > envoy-clusters.json", '  istioctl proxy-config endpoints --file envoy-clusters.json']),
		flags: epFlags,
	},
	{
		use: 'listener [<type>/]<name>[.<namespace>]',
		aliases: ['listeners', 'l'],
		short: 'Retrieves listener configuration for the Envoy in the specified pod',
		long: 'Retrieve information about listener configuration for the Envoy instance in the specified pod.',
		example: example(['  # Retrieve summary about listener configuration for a given pod from Envoy.', `  istioctl proxy-config listeners ${pod}`, '', '  # Retrieve summary about listener configuration a pod under a deployment from Envoy.', '  istioctl proxy-config deployment/<deployment-name[.namespace]>', '', '  # Retrieve listener summary for listeners with port 9080.', `  istioctl proxy-config listeners ${pod} --port 9080`, '', '  # Retrieve full listener dump for HTTP listeners with a wildcard address (0.0.0.0).', `  istioctl proxy-config listeners ${pod} --type HTTP --address 0.0.0.0 -o json`, '', '  # Retrieve listener summary without using Kubernetes API', "  ssh <user@hostname> 'curl localhost:15000/config_dump' > envoy-config.json", '  istioctl proxy-config listeners --file envoy-config.json']),
		flags: [
			output(),
			{ name: 'address', kind: 'string', usage: 'Filter listeners by address field' },
			{ name: 'type', kind: 'string', usage: 'Filter listeners by type field' },
			{ name: 'port', kind: 'int', usage: 'Filter listeners by Port field' },
			verbose,
			{ name: 'waypoint', kind: 'bool', usage: 'Output waypoint information', hidden: true },
			file(),
		],
	},
	{
		use: 'route [<type>/]<name>[.<namespace>]',
		aliases: ['routes', 'r'],
		short: 'Retrieves route configuration for the Envoy in the specified pod',
		long: 'Retrieve information about route configuration for the Envoy instance in the specified pod.',
		example: example(['  # Retrieve summary about route configuration for a given pod from Envoy.', `  istioctl proxy-config routes ${pod}`, '', '  # Retrieve summary about route configuration for a pod under a deployment from Envoy.', '  istioctl proxy-config routes deployment/<deployment-name[.namespace]>', '', '  # Retrieve route summary for route 9080.', `  istioctl proxy-config route ${pod} --name 9080`, '', '  # Retrieve full route dump for route 9080', `  istioctl proxy-config route ${pod} --name 9080 -o json`, '', '  # Retrieve route summary without using Kubernetes API', "  ssh <user@hostname> 'curl localhost:15000/config_dump' > envoy-config.json", '  istioctl proxy-config routes --file envoy-config.json']),
		flags: [output(), { name: 'name', kind: 'string', usage: 'Filter listeners by route name field' }, verbose, file()],
	},
	{
		use: 'secret [<type>/]<name>[.<namespace>]',
		aliases: ['secrets', 's'],
		short: 'Retrieves secret configuration for the Envoy in the specified pod',
		long: 'Retrieve information about secret configuration for the Envoy instance in the specified pod.',
		example: ['  # Retrieve full secret configuration for a given pod from Envoy.', `  istioctl proxy-config secret ${pod}`, '', '  # Retrieve full secret configuration for a pod under a deployment from Envoy.', '  istioctl proxy-config secret deployment/<deployment-name[.namespace]>', '', '  # Retrieve full bootstrap without using Kubernetes API', "  ssh <user@hostname> 'curl localhost:15000/config_dump' > envoy-config.json", '  istioctl proxy-config secret --file envoy-config.json'].join('\n'),
		flags: [output(), file()],
	},
];

/** Subcommands istioctl has but the lab does not model: they exist, so they are not "unknown". */
export const PC_UNMODELLED: readonly CommandSpecData[] = [
	{ use: 'log [<type>/]<name>[.<namespace>]', aliases: ['o'], short: 'Retrieves logging levels of the Envoy in the specified pod', flags: [] },
	{ use: 'rootca-compare [pod/]<name-1>[.<namespace-1>] [pod/]<name-2>[.<namespace-2>]', aliases: ['rc'], short: 'Compare ROOTCA values for the two given pods', flags: [] },
];

export const PROXY_CONFIG: CommandSpecData = {
	use: 'proxy-config',
	aliases: ['pc'],
	short: 'Retrieve information about proxy configuration from Envoy [kube only]',
	long: 'A group of commands used to retrieve information about proxy configuration from the Envoy config dump',
	example: '  # Retrieve information about proxy configuration from an Envoy instance.\n  istioctl proxy-config <clusters|listeners|routes|endpoints|ecds|bootstrap|log|secret> <pod-name[.namespace]>',
	flags: PC_FLAGS,
	subcommands: [...PC_SUBCOMMANDS, ...PC_UNMODELLED].sort((x, y) => (x.use < y.use ? -1 : 1)),
};
