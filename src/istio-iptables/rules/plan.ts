// The order in which istio-iptables adds its rules, as data. The order is observable twice: it is
// the line order of the restore input (and so of Istio's goldens), and within a chain it is the
// rule order the kernel evaluates. Each step is one concern; its file says why the rules exist.

import type { IptablesConfig } from '../config';
import { RuleBuilder } from '../rule-builder';
import { err, ok, type Result, type RulePlan } from '../types';
import { deriveContext, type PlanContext } from './context';
import { dnsCapture } from './dns';
import { baseChains, inboundCapture } from './inbound';
import { dropInvalid, excludeInterfaces, shortCircuitVirtualInterfaces } from './interfaces';
import {
	cidrExclusions,
	cidrInclusions,
	loopbackReturn,
	outboundPortExclusions,
	outboundPortInclusions,
	outputJump,
	ownerGroups,
	passthroughSource,
	proxyOwners,
} from './outbound';
import { tproxyMarks } from './tproxy';

export interface PlanStep {
	readonly name: string;
	readonly add: (b: RuleBuilder, ctx: PlanContext) => void;
}

/** Istio's IptablesConfigurator.Run order at the snapshot commit. */
export const PLAN_STEPS: readonly PlanStep[] = [
	{ name: 'exclude-interfaces', add: excludeInterfaces },
	{ name: 'virtual-interfaces-return', add: shortCircuitVirtualInterfaces },
	{ name: 'drop-invalid', add: dropInvalid },
	{ name: 'base-chains', add: baseChains },
	{ name: 'inbound-capture', add: inboundCapture },
	{ name: 'output-jump', add: outputJump },
	{ name: 'outbound-port-exclusions', add: outboundPortExclusions },
	{ name: 'passthrough-source', add: passthroughSource },
	{ name: 'proxy-owners', add: proxyOwners },
	{ name: 'owner-groups', add: ownerGroups },
	{ name: 'dns-capture', add: dnsCapture },
	{ name: 'loopback-return', add: loopbackReturn },
	{ name: 'cidr-exclusions', add: cidrExclusions },
	{ name: 'outbound-port-inclusions', add: outboundPortInclusions },
	{ name: 'cidr-inclusions', add: cidrInclusions },
	{ name: 'tproxy-marks', add: tproxyMarks },
];

/**
 * Builds every rule one istio-iptables run would program. Fails, like the binary, only on an
 * unparsable -i/-x list or `-x '*'`; everything else is passed through for iptables to judge.
 */
export function planRules(cfg: IptablesConfig): Result<RulePlan> {
	const ctx = deriveContext(cfg);
	if (!ctx.ok) return err(ctx.error);
	const builder = new RuleBuilder(cfg.enableIPv6);
	for (const warning of ctx.value.warnings) builder.warn(warning);
	for (const step of PLAN_STEPS) step.add(builder, ctx.value);
	return ok(builder.build());
}
