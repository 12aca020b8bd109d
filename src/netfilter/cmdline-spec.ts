// The iptables command-line vocabulary as data: the commands with what they take, the long option
// names, and which short options need an argument.

export type CommandLetter = 'A' | 'C' | 'D' | 'I' | 'R' | 'L' | 'S' | 'F' | 'Z' | 'N' | 'X' | 'P' | 'E' | 'h' | 'V';

/** What each command takes after it: data, not control flow. */
export const COMMANDS: Readonly<Record<CommandLetter, { long: string; chain: 'required' | 'optional' | 'none'; num: 'required' | 'optional' | 'none'; second?: string }>> = {
	A: { long: 'append', chain: 'required', num: 'none' },
	C: { long: 'check', chain: 'required', num: 'none' },
	D: { long: 'delete', chain: 'required', num: 'optional' },
	I: { long: 'insert', chain: 'required', num: 'optional' },
	R: { long: 'replace', chain: 'required', num: 'required' },
	L: { long: 'list', chain: 'optional', num: 'optional' },
	S: { long: 'list-rules', chain: 'optional', num: 'optional' },
	F: { long: 'flush', chain: 'optional', num: 'none' },
	Z: { long: 'zero', chain: 'optional', num: 'optional' },
	N: { long: 'new-chain', chain: 'required', num: 'none' },
	X: { long: 'delete-chain', chain: 'optional', num: 'none' },
	P: { long: 'policy', chain: 'required', num: 'none', second: 'policy' },
	E: { long: 'rename-chain', chain: 'required', num: 'none', second: 'new' },
	h: { long: 'help', chain: 'none', num: 'none' },
	V: { long: 'version', chain: 'none', num: 'none' },
};

/** Long names of the generic options, for `--name` and unambiguous abbreviations (getopt_long). */
export const LONG_OPTIONS: Readonly<Record<string, string>> = {
	...Object.fromEntries(Object.entries(COMMANDS).map(([k, v]) => [v.long, k])),
	protocol: 'p', source: 's', src: 's', destination: 'd', dst: 'd', 'in-interface': 'i', 'out-interface': 'o',
	jump: 'j', goto: 'g', match: 'm', numeric: 'n', table: 't', verbose: 'v', wait: 'w', 'wait-interval': 'W',
	'line-numbers': '0', exact: 'x', fragment: 'f', 'set-counters': 'c', ipv4: '4', ipv6: '6', modprobe: 'M',
};

/** Generic options taking one argument (after the command letters, which are handled apart). */
export const WITH_ARG = new Set(['p', 's', 'd', 'i', 'o', 'j', 'g', 'm', 't', 'c', 'W', 'M']);
