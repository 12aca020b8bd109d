// Command-line arguments of `sidecar-lab`, parsed without Node so the rules are testable.

export interface CliOptions {
	readonly rules?: string;
	readonly scenario?: string;
	readonly at?: string;
	readonly commands: readonly string[];
	readonly lang: 'en' | 'zh';
	readonly seed: number;
	readonly help: boolean;
	readonly tproxy: boolean;
}

export const USAGE = `Usage: sidecar-lab [options]

Runs the Sidecar Lab simulator in this terminal, exactly as the course's in-browser terminal.

Options:
  --rules FILE        a network namespace with these iptables rules (iptables-save or
                      iptables-restore text): the kernel recorder's sidecar pod, lo 127.0.0.1/8,
                      eth0 10.244.1.5/24, default route via 10.244.1.1, peer pod 10.244.1.6
  --tproxy            with --rules: add TPROXY's policy routing (fwmark 0x539 -> table 133)
  --scenario ID|DIR   a scenario world: content/scenarios/ID or a folder (default: bookinfo,
                      whenever --rules is not given)
  --at POD[/CONTAINER]
                      where the shell starts: POD (a full name or a unique prefix) is its
                      network namespace as after 'nsenter -t <envoy pid> -n' on the node;
                      POD/CONTAINER is the container's shell as after 'kubectl exec -it';
                      'exit' goes back to the node (default: the node)
  -c LINE             run LINE; repeat for more lines, run in order in one world
  --lang en|zh        language of our own messages (the tools' output stays as Linux prints it)
  --seed N            seed of the simulated world's random choices (default 1)
  -h, --help          this help

Without -c, lines are read from standard input, or from a prompt when it is a terminal.

Time and background jobs: each line runs to its end at once. A command that waits for
something no later line can bring (tcpdump with no more packets coming, wait on a job that
never ends) is stopped as Ctrl-C would stop it. To capture the traffic of later lines, start
the capture in the background, as in bash (where the place has tcpdump and CAP_NET_RAW):
  -c 'tcpdump -i eth0 -n -c 4 &' -c 'curl -s 10.96.0.50:9080/details/0'
The job prints '[1] PID' when it starts; what it captures is shown after the line that made
the traffic, and '[1]+  Done ...' when it has ended. jobs, fg, kill %N and wait work as in
bash. Jobs still running when the input ends get SIGHUP, as when a terminal closes: tcpdump
then prints its statistics.
`;

export type ParseResult = { ok: true; options: CliOptions } | { ok: false; error: string };

export function parseCliArgs(argv: readonly string[]): ParseResult {
	let rules: string | undefined;
	let scenario: string | undefined;
	let at: string | undefined;
	let lang: 'en' | 'zh' = 'en';
	let seed = 1;
	let help = false;
	let tproxy = false;
	const commands: string[] = [];
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i] ?? '';
		const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
		const value = (): string | undefined => inline ?? argv[++i];
		switch (flag) {
			case '--rules': rules = value(); if (rules === undefined) return missing(flag); break;
			case '--scenario': scenario = value(); if (scenario === undefined) return missing(flag); break;
			case '--at': at = value(); if (at === undefined) return missing(flag); break;
			case '-c': {
				const line = value();
				if (line === undefined) return missing(flag);
				commands.push(line);
				break;
			}
			case '--lang': {
				const l = value();
				if (l !== 'en' && l !== 'zh') return { ok: false, error: `--lang: expected en or zh, got ${l === undefined ? 'nothing' : `'${l}'`}` };
				lang = l;
				break;
			}
			case '--seed': {
				const s = value();
				if (s === undefined || !/^\d{1,9}$/.test(s)) return { ok: false, error: `--seed: expected a whole number, got ${s === undefined ? 'nothing' : `'${s}'`}` };
				seed = Number(s);
				break;
			}
			case '--tproxy': tproxy = true; break;
			case '-h':
			case '--help': help = true; break;
			default:
				return { ok: false, error: `unknown option '${arg}'` };
		}
	}
	if (rules !== undefined && scenario !== undefined) return { ok: false, error: '--rules and --scenario cannot be combined' };
	if (tproxy && rules === undefined) return { ok: false, error: '--tproxy goes with --rules' };
	return { ok: true, options: { ...(rules !== undefined ? { rules } : {}), ...(scenario !== undefined ? { scenario } : {}), ...(at !== undefined ? { at } : {}), commands, lang, seed, help, tproxy } };
}

function missing(flag: string): ParseResult {
	return { ok: false, error: `option '${flag}' needs a value` };
}
