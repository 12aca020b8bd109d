// Public API of the istio-iptables simulator. Start with types.ts (vocabulary) and
// rules/plan.ts (the order of concerns).

export * from './types';
export {
	defaultConfig,
	harnessBaseline,
	injectedSidecarDefaults,
	splitList,
	parseInterceptFilter,
	separateV4V6,
	validateConfig,
	ENV_ONLY_DEFAULTS,
	DEFAULT_PROXY_UID,
	type IptablesConfig,
	type InterceptFilter,
	type NetworkRange,
} from './config';
export { planRules, PLAN_STEPS, type PlanStep } from './rules/plan';
export {
	restoreInput,
	restoreInputs,
	restoreInputFor,
	ruleLine,
	commandRecord,
	renderCaptureGolden,
	renderCniGolden,
} from './render';
export { cniRedirect, cniPluginConfig, type SidecarPod, type CniRedirect } from './cni';
export {
	fillFromEnvironment,
	detectIPv6,
	resolvConfServers,
	DEFAULT_POD_ENVIRONMENT,
	type PodEnvironment,
} from './environment';
export { planRoutes, type RouteAction } from './routes';
export {
	runIstioIptables,
	configFromArgs,
	EMPTY_NAMESPACE,
	type IstioIptablesContext,
	type IstioIptablesResult,
	type NetfilterDependency,
	type RestoreFailure,
} from './command';
export { ISTIO_IPTABLES_FLAGS, PILOT_AGENT_GLOBAL_FLAGS, envNameOf, type FlagSpec } from './flags';
export {
	injectInitContainer,
	validateAnnotations,
	excludeInboundPort,
	shellQuote,
	ANNOTATION,
	DEFAULT_INJECTION_VALUES,
	type InjectionValues,
	type InitContainer,
} from './injection';
export { parsePrefix, parseAddr, formatPrefix, formatAddr, type Addr, type Prefix } from './netip';
export { helpText } from './help';
