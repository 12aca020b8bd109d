// `pilot-agent istio-iptables --help`: cobra's default help template around pflag's FlagUsages.
// The "Global Flags:" section (pilot-agent's logging flags) is not rendered: its usage texts list
// every log scope compiled into pilot-agent, which we cannot reproduce from the source alone.

import { defaultConfig } from './config';
import { ISTIO_IPTABLES_FLAGS, type FlagSpec } from './flags';

interface UsageRow {
	readonly name: string;
	readonly short?: string;
	readonly varname: string;
	readonly usage: string;
	readonly defaultText: string;
}

/** Default as pflag prints it, or '' when it is the type's zero value (then nothing is shown). */
function defaultOf(spec: FlagSpec): string {
	const value = defaultConfig()[spec.field];
	if (spec.type === 'string') return value === '' ? '' : ` (default "${String(value)}")`;
	if (spec.type === 'bool') return value === true ? ' (default true)' : '';
	if (spec.type === 'duration') return value === 0 ? '' : ` (default ${Number(value) / 1e9}s)`;
	return value === 0 ? '' : ` (default ${String(value)})`;
}

function rows(): UsageRow[] {
	const own = ISTIO_IPTABLES_FLAGS.map((spec) => ({
		name: spec.name,
		...(spec.short === undefined ? {} : { short: spec.short }),
		varname: spec.type === 'bool' ? '' : spec.type,
		usage: spec.usage,
		defaultText: defaultOf(spec),
	}));
	// cobra adds -h/--help to every command.
	const help: UsageRow = { name: 'help', short: 'h', varname: '', usage: 'help for istio-iptables', defaultText: '' };
	return [...own, help].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** pflag FlagUsages: names padded to one column, three spaces before the usage at the widest. */
export function flagUsages(): string {
	const lines = rows().map((r) => {
		const names = r.short === undefined ? `      --${r.name}` : `  -${r.short}, --${r.name}`;
		return { head: r.varname === '' ? names : `${names} ${r.varname}`, tail: r.usage + r.defaultText };
	});
	const width = Math.max(...lines.map((l) => l.head.length)) + 1;
	// cobra trims trailing whitespace off the whole block (trimTrailingWhitespaces).
	return lines
		.map((l) => `${l.head} ${' '.repeat(width - l.head.length)} ${l.tail}`)
		.join('\n')
		.trimEnd();
}

export function helpText(): string {
	return (
		'istio-iptables is responsible for setting up port forwarding for Istio Sidecar.\n\n' +
		'Usage:\n  pilot-agent istio-iptables [flags]\n\n' +
		`Flags:\n${flagUsages()}\n`
	);
}
