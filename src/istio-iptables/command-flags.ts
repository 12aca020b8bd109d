// Binds the flag table (flags.ts) to a configuration the way the real command does: environment
// variables preset flags when the command is built (flag.BindEnv, then flag.AdditionalEnv, whose
// variable wins), and the command line overrides both. Setting errors from the environment are
// ignored, as Istio does, but still leave pflag's zero value behind (pflag assigns before it
// reports the error: DROP_INVALID=yes turns the flag off).

import type { IptablesConfig } from './config';
import { parseFlags, type FlagDef, type ParsedArgs } from './flag-parser';
import { envNameOf, ISTIO_IPTABLES_FLAGS, PILOT_AGENT_GLOBAL_FLAGS, type FlagSpec } from './flags';
import { parseGoBool, parseGoDuration, parseGoUint } from './go-text';
import type { Result } from './types';

/** Stores `value` into the config according to the flag's type; returns the parse error text. */
function setter(spec: FlagSpec, cfg: IptablesConfig): (value: string) => string | null {
	switch (spec.type) {
		case 'string':
			return (value) => {
				cfg[spec.field] = value;
				return null;
			};
		case 'bool':
			return (value) => {
				const b = parseGoBool(value);
				cfg[spec.field] = b.ok && b.value;
				return b.ok ? null : b.error;
			};
		case 'uint16':
			return (value) => {
				const n = parseGoUint(value, 0, 16);
				// strconv returns the maximum on overflow and 0 on a syntax error.
				cfg[spec.field] = n.ok ? n.value : n.error.endsWith('out of range') ? 65535 : 0;
				return n.ok ? null : n.error;
			};
		case 'duration':
			return (value) => {
				const d = parseGoDuration(value);
				cfg[spec.field] = d.ok ? d.value : 0;
				return d.ok ? null : d.error;
			};
	}
}

export interface BoundFlags {
	readonly config: IptablesConfig;
	parse(args: readonly string[]): Result<ParsedArgs>;
	/** --log_output_level as given (Istio's default is default:info). */
	logOutputLevel(): string;
}

export function bindFlags(initial: IptablesConfig, env: Readonly<Record<string, string>>): BoundFlags {
	const config: IptablesConfig = { ...initial, dnsServersV4: [...initial.dnsServersV4], dnsServersV6: [...initial.dnsServersV6] };
	const defs: FlagDef[] = [];
	for (const spec of ISTIO_IPTABLES_FLAGS) {
		const set = setter(spec, config);
		defs.push({
			name: spec.name,
			...(spec.short === undefined ? {} : { short: spec.short }),
			...(spec.type === 'bool' ? { noOptDefVal: 'true' } : {}),
			set,
		});
		for (const variable of [spec.bindEnv ? envNameOf(spec.name) : undefined, spec.extraEnv]) {
			const value = variable === undefined ? undefined : env[variable];
			if (value !== undefined) set(value);
		}
	}

	let help = false;
	let outputLevel = 'default:info';
	defs.push({ name: 'help', short: 'h', noOptDefVal: 'true', set: boolInto((b) => (help = b)) });
	for (const global of PILOT_AGENT_GLOBAL_FLAGS) {
		if (global.type === 'bool') defs.push({ name: global.name, noOptDefVal: 'true', set: boolInto(() => undefined) });
		else if (global.name === 'log_output_level') defs.push({ name: global.name, set: (v) => ((outputLevel = v), null) });
		else defs.push({ name: global.name, set: () => null });
	}

	return {
		config,
		parse: (args) => parseFlags(args, defs, () => help),
		logOutputLevel: () => outputLevel,
	};
}

function boolInto(store: (b: boolean) => void): (value: string) => string | null {
	return (value) => {
		const b = parseGoBool(value);
		store(b.ok && b.value);
		return b.ok ? null : b.error;
	};
}
