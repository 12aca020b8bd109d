// The names the iptables package installs: iptables and ip6tables, each plain, -nft and -legacy,
// each with -save and -restore. Apart from ./tool.ts so that knowing the names loads no tool.

export const TOOL_NAMES: readonly string[] = ['iptables', 'ip6tables'].flatMap((f) =>
	['', '-nft', '-legacy'].flatMap((b) => ['', '-save', '-restore'].map((k) => `${f}${b}${k}`)),
);
