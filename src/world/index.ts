// Public API of the world: read types.ts first, then build/index.ts.
//
// The builder is not here: import buildWorld from './build' (Node: it runs istio-iptables and
// iptables-restore) or buildWorldWith from './build/world' (the page). Everything this barrel
// reaches statically is in the page's first chunks, used or not.

export * from './types';
export type { BuildOptions } from './build/world';
export { loadScenario, formatScenarioError, type Scenario, type ScenarioError, type LoadResult } from './scenario';
export { Random, fork, hashLabel, ephemeralPort, EPHEMERAL_PORTS } from './random';
export { kubeYaml, type KubeValue } from './kube-yaml';
export { podHosts, podResolvConf, parseResolvConf } from './kubelet-files';
export { engineState, engineSockets, engineSocket, worldSocketOf, unmapV4 } from './engine-view';
export { processByPid, podByName, podOfNetns, podOfPid, nodeByName, netnsOf, containerOf, processesOf, childrenOf, socketsOfPid, holdersOf, socketByInode, listenersOn, hostnameOfPid, nodeOfNetns } from './lookup';
export { atNode, nsenter, kubectlExec, filesAt, type Moved } from './location';
export { resolve, lookupA, candidates, type DnsAnswer } from './dns';
export {
	setNetfilter,
	setConntrack,
	addConntrackEntry,
	applyEngineState,
	setNetnsModel,
	allocatePort,
	openListener,
	openEstablished,
	closeSocket,
	expireTimeWait,
	openUnixPair,
	spawnProcess,
	exitProcess,
	bumpMetrics,
	type ListenerSpec,
	type EstablishedSpec,
	type Opened,
} from './mutate';
