// What every rule concern reads: the configuration plus the values Istio derives from it once,
// before the first rule is added (parsed CIDR lists, the effective DNS switch, owner groups).

import { parseInterceptFilter, separateV4V6, type InterceptFilter, type IptablesConfig, type NetworkRange } from '../config';
import { IPV6_LOOPBACK, err, ok, type Family, type Result } from '../types';

export interface PlanContext {
	readonly cfg: IptablesConfig;
	/** -m TPROXY; any other mode string means REDIRECT (istio-iptables does not validate it). */
	readonly tproxy: boolean;
	readonly include: Readonly<Record<Family, NetworkRange>>;
	readonly exclude: Readonly<Record<Family, NetworkRange>>;
	/** --redirect-dns, unless there is nothing to redirect to (see deriveContext). */
	readonly redirectDNS: boolean;
	readonly ownerGroups: InterceptFilter;
	/** Destination meaning "this pod's localhost" in loopback rules. */
	readonly loopback: (family: Family) => string;
	readonly warnings: readonly string[];
}

export const DNS_DISABLED_WARNING =
	'REDIRECT_DNS is set, but CAPTURE_ALL_DNS is false, and no DNS servers provided. DNS capture disabled.';

export function deriveContext(cfg: IptablesConfig): Result<PlanContext> {
	// -x may mix IPv4 and IPv6 ranges; each family only gets its own.
	const exclude = separateV4V6(cfg.outboundIPRangesExclude);
	if (!exclude.ok) return err(exclude.error);
	// Excluding everything would make the sidecar useless; Istio refuses it.
	if (exclude.value.ipv4.isWildcard) return err('invalid value for OUTBOUND_IP_RANGES_EXCLUDE');
	const include = separateV4V6(cfg.outboundIPRangesInclude);
	if (!include.ok) return err(include.error);

	// Without CAPTURE_ALL_DNS the rules name each resolv.conf server; with none, there is
	// nothing to match, so Istio turns DNS capture off instead of writing half the rules.
	const warnings: string[] = [];
	let redirectDNS = cfg.redirectDNS;
	if (redirectDNS && !cfg.captureAllDNS && cfg.dnsServersV4.length === 0 && cfg.dnsServersV6.length === 0) {
		warnings.push(DNS_DISABLED_WARNING);
		redirectDNS = false;
	}

	return ok({
		cfg,
		tproxy: cfg.inboundInterceptionMode === 'TPROXY',
		include: include.value,
		exclude: exclude.value,
		redirectDNS,
		ownerGroups: parseInterceptFilter(cfg.ownerGroupsInclude, cfg.ownerGroupsExclude),
		loopback: (family) => (family === 'ipv4' ? cfg.hostIPv4LoopbackCidr : IPV6_LOOPBACK),
		warnings,
	});
}
