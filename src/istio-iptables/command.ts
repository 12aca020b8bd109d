// `pilot-agent istio-iptables ...` as the init container runs it: flags and environment ->
// configuration -> rules -> iptables-restore, with the logs the real binary prints. The namespace
// is reached only through the injected NetfilterDependency, so the same code serves the dry-run
// rendering, the terminal, and tests.

import { defaultConfig, validateConfig, type IptablesConfig } from './config';
import { configDump, environmentDump } from './config-log';
import { fillFromEnvironment, DEFAULT_POD_ENVIRONMENT, type PodEnvironment } from './environment';
import { bindFlags } from './command-flags';
import { helpText } from './help';
import { defaultScopeLevel, IstioLog } from './istio-log';
import { restoreInputs } from './render';
import { planRoutes, type RouteAction } from './routes';
import { planRules } from './rules/plan';
import { err, VALIDATION_ERROR_CODE, type Family, type Result, type RulePlan } from './types';

/** The simulated network namespace, as iptables-save / iptables-restore see it. */
export interface NetfilterDependency {
	/** Output of `iptables-save` (or `ip6tables-save`) now. */
	save(family: Family): string;
	/** Feeds `iptables-restore --noflush`; null on success, else how the binary exited. */
	restore(family: Family, input: string): RestoreFailure | null;
}

/** A failed iptables-restore as the process reports it: exit status and stderr. */
export interface RestoreFailure {
	readonly exitCode: number;
	readonly stderr: string;
}

/** xtables exit codes Istio names (xtables_exittype in iptables). */
const XTABLES_EXIT_TYPES: Readonly<Record<number, string>> = {
	1: 'xtables other problem',
	2: 'xtables parameter problem',
	3: 'xtables version problem',
	4: 'xtables resource problem',
};

/**
 * How Istio reports a failed xtables command: first a "Command error:" line that replaces the
 * program-name prefix of stderr with the exit type, then (as the run's error) Go's joined error,
 * "exit status N" and the raw stderr on the next line.
 */
function restoreFailureMessages(f: RestoreFailure): { commandError: string; runError: string } {
	const type = XTABLES_EXIT_TYPES[f.exitCode];
	const colon = f.stderr.indexOf(':');
	const hint = colon < 0 ? f.stderr : f.stderr.slice(colon + 1);
	return {
		commandError: `Command error: ${type === undefined ? f.stderr : `${type}: ${hint.trim()}`}`,
		runError: `exit status ${f.exitCode}\n${f.stderr}`,
	};
}

/** A namespace with no rules that accepts everything: the state of a fresh pod. */
export const EMPTY_NAMESPACE: NetfilterDependency = { save: () => '', restore: () => null };

export interface IstioIptablesContext {
	readonly pod?: PodEnvironment;
	/** Injected clock for log timestamps. */
	readonly now?: () => Date;
	/** Used unless --dry-run; defaults to EMPTY_NAMESPACE. */
	readonly netfilter?: NetfilterDependency;
	/**
	 * Binaries a real run detects. Istio prefers iptables-legacy only when it already holds rules,
	 * else iptables-nft (the default here, a fresh pod on a current node); the dry-run stub is
	 * plain iptables/ip6tables.
	 */
	readonly binaries?: Readonly<Record<Family, string>>;
	/** --run-validation: does a connection to 127.0.0.6:<probe port> reach a listener? */
	readonly validate?: (probe: { server: string; listeners: string[] }) => boolean;
}

export interface IstioIptablesResult {
	readonly stdout: string;
	readonly stderr: string;
	readonly exitCode: number;
	/** Set once flags and environment were read successfully. */
	readonly config?: IptablesConfig;
	readonly plan?: RulePlan;
	/** The iptables-restore input per family; `applied` says whether it reached the namespace. */
	readonly restore?: { ipv4: string; ipv6?: string };
	readonly applied: boolean;
	readonly routes?: RouteAction[];
}

const STUB_BINARIES: Readonly<Record<Family, string>> = { ipv4: 'iptables', ipv6: 'ip6tables' };
const NFT_BINARIES: Readonly<Record<Family, string>> = { ipv4: 'iptables-nft', ipv6: 'ip6tables-nft' };
const LEGACY_BINARIES: Readonly<Record<Family, string>> = { ipv4: 'iptables-legacy', ipv6: 'ip6tables-legacy' };

const VALIDATION_FAILED = `iptables validation failed; workload is not ready for Istio.
When using Istio CNI, this can occur if a pod is scheduled before the node is ready.

If installed with 'cni.repair.deletePods=true', this pod should automatically be deleted and retry.
Otherwise, this pod will need to be manually removed so that it is scheduled on a node with istio-cni running, allowing iptables rules to be established.
`;

/** Mutable record of one run; every step appends to it. */
interface Run {
	readonly log: IstioLog;
	readonly pod: PodEnvironment;
	readonly ctx: IstioIptablesContext;
	result: Omit<IstioIptablesResult, 'stdout' | 'stderr' | 'exitCode'>;
}

/**
 * Istio's VerifyIptablesState, reduced to its log lines: both families are checked; a family
 * with ISTIO_ chains left over counts only if rules are planned for it. Leftovers do not stop the
 * apply (reconcile and cleanup are not modelled).
 */
function stateCheck(run: Run, deps: NetfilterDependency, plan: RulePlan): void {
	let residue = false;
	for (const family of ['ipv4', 'ipv6'] as const) {
		const leftovers = /^(:ISTIO|-A ISTIO|-N ISTIO)/m.test(deps.save(family));
		if (leftovers && plan[family].length > 0) residue = true;
		else if (leftovers) run.log.info(`Ignoring residues because no rules are planned for ${family === 'ipv4' ? 'IPv4' : 'IPv6'}`);
	}
	if (!residue) {
		run.log.info('Clean-state detected, new iptables are needed');
		return;
	}
	run.log.info('Found residues of old iptables rules/chains, reconciliation is recommended');
	if (!run.result.config?.reconcile) {
		run.log.info('reconcile is recommended but no-reconcile flag is set. Unexpected behavior may occur due to preexisting iptables rules');
	}
}

/** capture.Run: plan, log, restore each family, then log the final state (also on failure). */
function programIptables(run: Run, cfg: IptablesConfig): string | null {
	const deps = cfg.dryRun ? EMPTY_NAMESPACE : (run.ctx.netfilter ?? EMPTY_NAMESPACE);
	const detected = cfg.forceIptablesBinary === 'legacy' ? LEGACY_BINARIES : cfg.forceIptablesBinary === 'nft' ? NFT_BINARIES : undefined;
	const binaries = cfg.dryRun ? STUB_BINARIES : (detected ?? run.ctx.binaries ?? NFT_BINARIES);
	const families: Family[] = cfg.enableIPv6 ? ['ipv4', 'ipv6'] : ['ipv4'];
	const finalState = (): void => {
		for (const f of families) run.log.info(`Final iptables state (${f === 'ipv4' ? 'IPv4' : 'IPv6'}):\n${deps.save(f)}`);
	};
	const plan = planRules(cfg);
	if (!plan.ok) {
		finalState();
		return plan.error;
	}
	for (const warning of plan.value.warnings) run.log.warn(warning);
	run.log.info(environmentDump(run.pod.env));
	run.log.info(configDump(cfg));
	const restore = restoreInputs(plan.value);
	run.result = { ...run.result, plan: plan.value, restore };
	stateCheck(run, deps, plan.value);
	run.log.info('Applying iptables chains and rules');
	for (const family of families) {
		const input = restore[family] ?? '';
		run.log.info(`Running iptables restore with: ${binaries[family]}-restore and the following input:\n${input.trim()}`);
		const failure = deps.restore(family, input);
		if (failure !== null) {
			const messages = restoreFailureMessages(failure);
			run.log.error(messages.commandError);
			finalState();
			return messages.runError;
		}
		if (!cfg.dryRun) run.result = { ...run.result, applied: true };
	}
	finalState();
	return null;
}

/** tproxy.ConfigureRoutes: skipped in dry runs, otherwise returned as data for the routing model. */
function configureRoutes(run: Run, cfg: IptablesConfig): string | null {
	if (cfg.dryRun) {
		run.log.info('skipping configuring routes due to dry run mode');
		return null;
	}
	const routes = planRoutes(cfg);
	if (!routes.ok) return `failed to configure routes: ${routes.error}`;
	if (routes.value.some((r) => r.kind === 'address')) run.log.info('Added ::6 address on the loopback iface');
	run.result = { ...run.result, routes: routes.value };
	return null;
}

/** --run-validation: the istio-validation container's check that redirection works. */
function runValidation(run: Run, cfg: IptablesConfig): boolean {
	run.log.info('Starting iptables validation. This check verifies that iptables rules are properly established for the network.');
	const [listen, server] = cfg.enableIPv6 ? ['[::1]', '[::6]'] : ['127.0.0.1', '127.0.0.6'];
	const listeners = [cfg.proxyPort, cfg.inboundCapturePort].map((port) => `${listen}:${port}`);
	for (const address of listeners) run.log.info(`Listening on ${address}`);
	const passed = (run.ctx.validate ?? (() => true))({ server: `${server}:${cfg.iptablesProbePort}`, listeners });
	if (passed) run.log.info('Validation passed, iptables rules established');
	return passed;
}

export function runIstioIptables(args: readonly string[], ctx: IstioIptablesContext = {}): IstioIptablesResult {
	const pod = ctx.pod ?? DEFAULT_POD_ENVIRONMENT;
	const now = ctx.now ?? (() => new Date(0));
	const flags = bindFlags(defaultConfig(), pod.env);
	const parsed = flags.parse(args);
	if (!parsed.ok) {
		// cobra prints the error on stderr (usage is silenced by pilot-agent), then pilot-agent's
		// main logs it and exits with -1.
		const log = new IstioLog(now);
		log.error(parsed.error);
		return { stdout: log.output(), stderr: `Error: ${parsed.error}\n`, exitCode: 255, applied: false };
	}
	if (parsed.value.help) return { stdout: helpText(), stderr: '', exitCode: 0, applied: false };

	const run: Run = { log: new IstioLog(now, defaultScopeLevel(flags.logOutputLevel())), pod, ctx, result: { applied: false } };
	const finish = (exitCode: number, message?: string): IstioIptablesResult => {
		if (message !== undefined) run.log.error(message);
		return { stdout: run.log.output(), stderr: '', exitCode, ...run.result };
	};

	const filled = fillFromEnvironment(flags.config, pod);
	if (!filled.ok) return finish(1, filled.error);
	const cfg = filled.value;
	run.result = { ...run.result, config: cfg };
	const valid = validateConfig(cfg);
	if (!valid.ok) return finish(1, valid.error);

	if (cfg.dryRun) run.log.info('running iptables in dry-run mode, no rule changes will be made');
	if (!cfg.skipRuleApply) {
		const failure = programIptables(run, cfg) ?? configureRoutes(run, cfg);
		if (failure !== null) return finish(1, failure);
	}
	if (cfg.runValidation && !runValidation(run, cfg)) return finish(VALIDATION_ERROR_CODE, VALIDATION_FAILED);
	return finish(0);
}

/**
 * Flags and pod -> the validated configuration, without running anything: the bridge from an
 * istio-init container's args (injection.ts) to planRules and restoreInputs.
 */
export function configFromArgs(args: readonly string[], pod: PodEnvironment = DEFAULT_POD_ENVIRONMENT): Result<IptablesConfig> {
	const flags = bindFlags(defaultConfig(), pod.env);
	const parsed = flags.parse(args);
	if (!parsed.ok) return err(parsed.error);
	const filled = fillFromEnvironment(flags.config, pod);
	return filled.ok ? validateConfig(filled.value) : filled;
}
