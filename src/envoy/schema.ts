// The zod schema of the parts of an Envoy v3 /config_dump the model reads, written against the
// lowerCamelCase names (load.ts normalizes snake_case first). Every object is loose: Envoy adds
// fields release after release and a dump with fields we do not read must still load. Only the
// types of the fields we read are checked, so a wrong one is reported with its JSON path.

import { z } from 'zod';

const obj = z.looseObject;
const str = z.string().optional();
const num = z.number().optional();
const bool = z.boolean().optional();
const strs = z.array(z.string()).optional();
/** A uint32 wrapper or field: Envoy prints numbers, proto3 JSON also accepts numeric strings. */
const uint = z.union([z.number(), z.string().regex(/^\d+$/)]).optional();

export const AddressSchema = obj({
	socketAddress: obj({ address: str, portValue: num, protocol: str }).optional(),
	pipe: obj({ path: str }).optional(),
	envoyInternalAddress: obj({ serverListenerName: str, endpointId: str }).optional(),
});

const CidrSchema = obj({ addressPrefix: str, prefixLen: uint });

const MetadataSchema = obj({ filterMetadata: z.record(z.string(), z.unknown()).optional() });

const RouteSchema = obj({
	name: str,
	match: obj({
		prefix: str,
		path: str,
		pathSeparatedPrefix: str,
		safeRegex: obj({ regex: str }).optional(),
		connectMatcher: obj({}).optional(),
		caseSensitive: bool,
	}).optional(),
	route: obj({
		cluster: str,
		clusterHeader: str,
		weightedClusters: obj({ clusters: z.array(obj({ name: str, weight: uint })).optional() }).optional(),
	}).optional(),
	redirect: obj({}).optional(),
	directResponse: obj({ status: uint }).optional(),
	metadata: MetadataSchema.optional(),
});

export const RouteConfigSchema = obj({
	name: str,
	virtualHosts: z.array(obj({ name: str, domains: strs, routes: z.array(RouteSchema).optional() })).optional(),
});

const FilterSchema = obj({
	name: str,
	typedConfig: obj({
		'@type': str,
		rds: obj({ routeConfigName: str }).optional(),
		routeConfig: RouteConfigSchema.optional(),
		cluster: str,
		weightedClusters: obj({ clusters: z.array(obj({ name: str, weight: uint })).optional() }).optional(),
	}).optional(),
});

const FilterChainSchema = obj({
	name: str,
	filterChainMatch: obj({
		destinationPort: uint,
		prefixRanges: z.array(CidrSchema).optional(),
		serverNames: strs,
		transportProtocol: str,
		applicationProtocols: strs,
		sourceType: str,
		sourcePrefixRanges: z.array(CidrSchema).optional(),
		directSourcePrefixRanges: z.array(CidrSchema).optional(),
		sourcePorts: z.array(z.number()).optional(),
	}).optional(),
	filters: z.array(FilterSchema).optional(),
	transportSocket: obj({ name: str }).optional(),
});

export const ListenerSchema = obj({
	name: str,
	address: AddressSchema.optional(),
	additionalAddresses: z.array(obj({ address: AddressSchema.optional() })).optional(),
	filterChains: z.array(FilterChainSchema).optional(),
	defaultFilterChain: FilterChainSchema.optional(),
	listenerFilters: z.array(obj({ name: str })).optional(),
	useOriginalDst: bool,
	bindToPort: bool,
	transparent: bool,
	deprecatedV1: obj({ bindToPort: bool }).optional(),
	trafficDirection: str,
	internalListener: obj({}).optional(),
});

const LbEndpointSchema = obj({
	endpoint: obj({
		address: AddressSchema.optional(),
		additionalAddresses: z.array(obj({ address: AddressSchema.optional() })).optional(),
	}).optional(),
	healthStatus: str,
	loadBalancingWeight: uint,
});

export const LoadAssignmentSchema = obj({
	clusterName: str,
	endpoints: z
		.array(
			obj({
				locality: obj({ region: str, zone: str, subZone: str }).optional(),
				lbEndpoints: z.array(LbEndpointSchema).optional(),
				loadBalancingWeight: uint,
				priority: num,
			}),
		)
		.optional(),
});

export const ClusterSchema = obj({
	name: str,
	type: str,
	clusterType: obj({ name: str }).optional(),
	edsClusterConfig: obj({ serviceName: str }).optional(),
	loadAssignment: LoadAssignmentSchema.optional(),
	upstreamBindConfig: obj({ sourceAddress: obj({ address: str, portValue: num }).optional() }).optional(),
	transportSocket: obj({ name: str }).optional(),
	metadata: MetadataSchema.optional(),
});

const InlineBytes = obj({ inlineBytes: str, inlineString: str, filename: str });

export const SecretSchema = obj({
	name: str,
	tlsCertificate: obj({ certificateChain: InlineBytes.optional() }).optional(),
	validationContext: obj({
		trustedCa: InlineBytes.optional(),
		customValidatorConfig: obj({
			typedConfig: obj({ '@type': str, trustDomains: z.array(obj({ name: str, trustBundle: InlineBytes.optional() })).optional() }).optional(),
		}).optional(),
	}).optional(),
});

const DynamicSecret = obj({ name: str, versionInfo: str, secret: SecretSchema.optional() });

const NodeSchema = obj({
	id: str,
	cluster: str,
	metadata: z.record(z.string(), z.unknown()).optional(),
	userAgentBuildVersion: obj({
		version: obj({ majorNumber: num, minorNumber: num, patch: num }).optional(),
		metadata: z.record(z.string(), z.unknown()).optional(),
	}).optional(),
});

export const SectionSchemas = {
	'type.googleapis.com/envoy.admin.v3.BootstrapConfigDump': obj({
		bootstrap: obj({
			node: NodeSchema.optional(),
			admin: obj({ address: AddressSchema.optional() }).optional(),
			staticResources: obj({ listeners: z.array(ListenerSchema).optional(), clusters: z.array(ClusterSchema).optional() }).optional(),
		}).optional(),
	}),
	'type.googleapis.com/envoy.admin.v3.ListenersConfigDump': obj({
		staticListeners: z.array(obj({ listener: ListenerSchema.optional() })).optional(),
		dynamicListeners: z.array(obj({ name: str, activeState: obj({ listener: ListenerSchema.optional() }).optional() })).optional(),
	}),
	'type.googleapis.com/envoy.admin.v3.ClustersConfigDump': obj({
		staticClusters: z.array(obj({ cluster: ClusterSchema.optional() })).optional(),
		dynamicActiveClusters: z.array(obj({ cluster: ClusterSchema.optional() })).optional(),
		dynamicWarmingClusters: z.array(obj({ cluster: ClusterSchema.optional() })).optional(),
	}),
	'type.googleapis.com/envoy.admin.v3.RoutesConfigDump': obj({
		staticRouteConfigs: z.array(obj({ routeConfig: RouteConfigSchema.optional() })).optional(),
		dynamicRouteConfigs: z.array(obj({ routeConfig: RouteConfigSchema.optional() })).optional(),
	}),
	'type.googleapis.com/envoy.admin.v3.EndpointsConfigDump': obj({
		staticEndpointConfigs: z.array(obj({ endpointConfig: LoadAssignmentSchema.optional() })).optional(),
		dynamicEndpointConfigs: z.array(obj({ endpointConfig: LoadAssignmentSchema.optional() })).optional(),
	}),
	'type.googleapis.com/envoy.admin.v3.SecretsConfigDump': obj({
		dynamicActiveSecrets: z.array(DynamicSecret).optional(),
		dynamicWarmingSecrets: z.array(DynamicSecret).optional(),
	}),
	'type.googleapis.com/envoy.admin.v3.EcdsConfigDump': obj({
		ecdsFilters: z.array(obj({ ecdsFilter: obj({ name: str, typedConfig: obj({ '@type': str }).optional() }).optional() })).optional(),
	}),
} as const;

export const DumpSchema = obj({ configs: z.array(obj({ '@type': z.string() })) });

/** Envoy's /clusters?format=json (admin.v3.Clusters), which `istioctl pc endpoint` reads. */
export const AdminClustersSchema = obj({
	clusterStatuses: z
		.array(
			obj({
				name: str,
				hostStatuses: z
					.array(
						obj({
							address: AddressSchema.optional(),
							healthStatus: obj({ edsHealthStatus: str, failedOutlierCheck: bool }).optional(),
						}),
					)
					.optional(),
			}),
		)
		.optional(),
});
