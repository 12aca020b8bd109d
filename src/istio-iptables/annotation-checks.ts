// Annotation value checks shared by the sidecar injector (pkg/kube/inject/validate.go) and the
// istio-cni plugin (cni/pkg/plugin/sidecar_redirect.go). Both parse ports and CIDRs the same way
// but wrap the errors differently, so each check returns the inner message and callers wrap it.

import { goQuote, parseGoUint } from './go-text';
import { parsePrefix } from './netip';

/** strconv.ParseUint(strings.TrimSpace(port), 10, 16) error, or null. */
export function portError(port: string): string | null {
	const parsed = parseGoUint(port.trim(), 10, 16);
	return parsed.ok ? null : parsed.error;
}

/** Every comma-separated item must be a CIDR; items are not trimmed, so "a, b" fails on " b". */
export function cidrListError(cidrs: string): string | null {
	if (cidrs === '') return null;
	for (const cidr of cidrs.split(',')) {
		const prefix = parsePrefix(cidr);
		if (!prefix.ok) return `failed parsing cidr '${cidr}': ${prefix.error}`;
	}
	return null;
}

const INTERFACE_NAME = /^[a-zA-Z][a-zA-Z0-9_.-]*$/;

/** netutil.ValidateInterfaceNames: Linux interface names, at most 15 characters. */
export function interfaceNamesError(interfaces: string): string | null {
	if (interfaces === '') return null;
	for (const raw of interfaces.split(',')) {
		const name = raw.trim();
		if (name === '') return 'empty interface name';
		if (name.length > 15) return `interface name ${goQuote(name)} too long (max 15 chars)`;
		if (!INTERFACE_NAME.test(name)) return `interface name ${goQuote(name)} contains invalid characters`;
	}
	return null;
}
