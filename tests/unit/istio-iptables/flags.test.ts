// Command-line parsing of `pilot-agent istio-iptables`: pflag v1.0.10 forms and error texts,
// environment presets, and the validation that runs before any rule is built. Whole outputs.

import { describe, expect, it } from 'vitest';
import {
	configFromArgs,
	DEFAULT_POD_ENVIRONMENT,
	runIstioIptables,
	type IptablesConfig,
	type PodEnvironment,
} from '../../../src/istio-iptables';

const CLOCK = (): Date => new Date(Date.UTC(2026, 7, 22, 19, 0, 0, 123));
const TS = '2026-08-22T19:00:00.123000Z';

function podWith(env: Record<string, string>): PodEnvironment {
	return { ...DEFAULT_POD_ENVIRONMENT, env };
}

describe('flag errors (cobra prints "Error: ...", pilot-agent logs it and exits -1)', () => {
	const cases: { name: string; args: string[]; error: string }[] = [
		{ name: 'unknown long flag', args: ['--foo'], error: 'unknown flag: --foo' },
		{ name: 'unknown long flag with value', args: ['--foo=bar', '-n'], error: 'unknown flag: --foo' },
		{ name: 'unknown shorthand', args: ['-y'], error: "unknown shorthand flag: 'y' in -y" },
		{ name: 'unknown shorthand inside a group', args: ['-nyz'], error: "unknown shorthand flag: 'y' in -yz" },
		{ name: 'flag removed in 1.24 (-f/--restore-format)', args: ['-f'], error: "unknown shorthand flag: 'f' in -f" },
		{ name: 'flag removed after 1.24', args: ['--iptables-trace-logging'], error: 'unknown flag: --iptables-trace-logging' },
		{ name: 'long flag without its value', args: ['--envoy-port'], error: 'flag needs an argument: --envoy-port' },
		{ name: 'shorthand without its value', args: ['-n', '-p'], error: "flag needs an argument: 'p' in -p" },
		{
			name: 'bad bool',
			args: ['--dry-run=maybe'],
			error: 'invalid argument "maybe" for "-n, --dry-run" flag: strconv.ParseBool: parsing "maybe": invalid syntax',
		},
		{
			name: 'bad bool, shorthand form',
			args: ['-n=maybe'],
			error: 'invalid argument "maybe" for "-n, --dry-run" flag: strconv.ParseBool: parsing "maybe": invalid syntax',
		},
		{
			name: 'uint16 out of range',
			args: ['--iptables-probe-port', '70000'],
			error: 'invalid argument "70000" for "--iptables-probe-port" flag: strconv.ParseUint: parsing "70000": value out of range',
		},
		{
			name: 'duration without unit',
			args: ['--probe-timeout=5'],
			error: 'invalid argument "5" for "--probe-timeout" flag: time: missing unit in duration "5"',
		},
		{
			name: 'duration with unknown unit',
			args: ['--probe-timeout=5x'],
			error: 'invalid argument "5x" for "--probe-timeout" flag: time: unknown unit "x" in duration "5x"',
		},
		{ name: 'three dashes', args: ['---p'], error: 'bad flag syntax: ---p' },
		{ name: 'dashes then =', args: ['--=15001'], error: 'bad flag syntax: --=15001' },
	];

	it.each(cases)('$name', ({ args, error }) => {
		const result = runIstioIptables(args, { now: CLOCK });
		expect(result).toEqual({ stdout: `${TS}\terror\t${error}\n`, stderr: `Error: ${error}\n`, exitCode: 255, applied: false });
	});
});

describe('accepted forms', () => {
	const cases: { name: string; args: string[]; env?: Record<string, string>; expect: Partial<IptablesConfig> }[] = [
		{ name: '-p value', args: ['-p', '16001'], expect: { proxyPort: '16001' } },
		{ name: '-pvalue', args: ['-p16001'], expect: { proxyPort: '16001' } },
		{ name: '-p=value', args: ['-p=16001'], expect: { proxyPort: '16001' } },
		{ name: '--flag value', args: ['--envoy-port', '16001'], expect: { proxyPort: '16001' } },
		{ name: '--flag=value', args: ['--envoy-port=16001'], expect: { proxyPort: '16001' } },
		{ name: 'empty value as injected (-x "")', args: ['-x', ''], expect: { outboundIPRangesExclude: '' } },
		{ name: 'a value starting with a dash is taken as the value', args: ['-x', '-b'], expect: { outboundIPRangesExclude: '-b', inboundPortsInclude: '' } },
		{ name: 'bool then value shorthand in one group', args: ['-nk', 'eth1'], expect: { dryRun: true, rerouteVirtualInterfaces: 'eth1' } },
		{ name: 'bool =false', args: ['--redirect-dns=false'], expect: { redirectDNS: false } },
		{ name: '"--" ends the flags', args: ['--', '-p', '16001'], expect: { proxyPort: '15001' } },
		{ name: 'positional words are ignored', args: ['extra', '-b', '80'], expect: { inboundPortsInclude: '80' } },
		{
			name: "pilot-agent's logging flags are accepted",
			args: ['--log_output_level=default:debug', '--log_as_json', '--log_target', 'stdout', '--vklog=9'],
			expect: { proxyPort: '15001' },
		},
		{ name: 'uint16 in hex (strconv base 0)', args: ['--iptables-probe-port=0x3a9a'], expect: { iptablesProbePort: 15002 } },
		{ name: 'duration', args: ['--probe-timeout=1m30s'], expect: { probeTimeoutNs: 90e9 } },
		{ name: 'env presets a flag', args: [], env: { INBOUND_CAPTURE_PORT: '16006', DRY_RUN: 'true' }, expect: { inboundCapturePort: '16006', dryRun: true } },
		{ name: '--envoy-port has no variable', args: [], env: { ENVOY_PORT: '1' }, expect: { proxyPort: '15001' } },
		{ name: 'the command line beats the environment', args: ['-b', '80'], env: { ISTIO_INBOUND_PORTS: '*' }, expect: { inboundPortsInclude: '80' } },
		{
			name: 'ISTIO_META_DNS_CAPTURE is applied after REDIRECT_DNS',
			args: [],
			env: { REDIRECT_DNS: 'false', ISTIO_META_DNS_CAPTURE: 'true' },
			expect: { redirectDNS: true, dnsServersV4: ['10.96.0.10'] },
		},
		{ name: 'an unparsable bool from the environment turns the flag off', args: [], env: { DROP_INVALID: 'yes' }, expect: { dropInvalid: false } },
		{ name: 'INVALID_DROP', args: [], env: { INVALID_DROP: '1' }, expect: { dropInvalid: true } },
		{ name: 'no -u: ENVOY_USER from /etc/passwd, -g follows -u', args: [], env: { ENVOY_USER: 'envoy' }, expect: { proxyUID: '1337', proxyGID: '1337' } },
		{ name: '-u list, -g defaults to it', args: ['-u', '3,4'], expect: { proxyUID: '3,4', proxyGID: '3,4' } },
		{
			name: 'environment-only settings',
			args: [],
			env: { ISTIO_OUTBOUND_OWNER_GROUPS: 'java,202', ISTIO_OUTBOUND_IPV4_LOOPBACK_CIDR: '127.0.0.1/8' },
			expect: { ownerGroupsInclude: 'java,202', hostIPv4LoopbackCidr: '127.0.0.1/8' },
		},
	];

	it.each(cases)('$name', ({ args, env, expect: wanted }) => {
		const pod: PodEnvironment = { ...podWith(env ?? {}), users: { 'istio-proxy': '1337', envoy: '1337' } };
		const cfg = configFromArgs(args, pod);
		if (!cfg.ok) throw new Error(cfg.error);
		expect(cfg.value).toMatchObject(wanted);
	});
});

describe('errors after parsing (logged, exit 1)', () => {
	const cases: { name: string; args: string[]; pod?: Partial<PodEnvironment>; stdout: string }[] = [
		{
			name: 'too many owner groups',
			args: [],
			pod: { env: { ISTIO_OUTBOUND_OWNER_GROUPS: Array.from({ length: 65 }, (_, i) => String(i)).join(',') } },
			stdout: `${TS}\terror\tnumber of owner groups whose outgoing traffic should be redirected to Envoy cannot exceed 64, got 65: [${Array.from({ length: 65 }, (_, i) => String(i)).join(' ')}]\n`,
		},
		{
			name: 'loopback CIDR that is not loopback',
			args: [],
			pod: { env: { ISTIO_OUTBOUND_IPV4_LOOPBACK_CIDR: '10.0.0.1/8' } },
			stdout: `${TS}\terror\texpected valid IPv4 loopback address in CIDR 10.0.0.1/8; found 10.0.0.1\n`,
		},
		{
			name: 'loopback CIDR too wide',
			args: [],
			pod: { env: { ISTIO_OUTBOUND_IPV4_LOOPBACK_CIDR: '127.0.0.1/4' } },
			stdout: `${TS}\terror\texpected CIDR 127.0.0.1/4 to have mask in range [8, 32]; found 4\n`,
		},
		{
			name: 'loopback CIDR unparsable',
			args: [],
			pod: { env: { ISTIO_OUTBOUND_IPV4_LOOPBACK_CIDR: 'localhost' } },
			stdout: `${TS}\terror\tfailed to parse CIDR localhost: netip.ParsePrefix("localhost"): no '/'\n`,
		},
		{
			name: 'bad --force-iptables-binary',
			args: ['--force-iptables-binary=iptables'],
			stdout: `${TS}\terror\tinvalid FORCE_IPTABLES_BINARY value "iptables"\n`,
		},
		{
			name: 'no usable pod address',
			args: [],
			pod: { interfaceAddrs: ['127.0.0.1/8', '::1/128', 'fe80::1/64'] },
			stdout: `${TS}\terror\tno valid local IP address found\n`,
		},
		{
			name: '--redirect-dns without /etc/resolv.conf',
			args: ['--redirect-dns'],
			pod: { resolvConf: undefined },
			stdout: `${TS}\terror\tfailed to load /etc/resolv.conf: open /etc/resolv.conf: no such file or directory\n`,
		},
		{
			name: "-x '*' (the final state is still logged: Istio's deferred iptables-save)",
			args: ['-n', '-x', '*'],
			stdout:
				`${TS}\tinfo\trunning iptables in dry-run mode, no rule changes will be made\n` +
				`${TS}\tinfo\tFinal iptables state (IPv4):\n\n` +
				`${TS}\terror\tinvalid value for OUTBOUND_IP_RANGES_EXCLUDE\n`,
		},
		{
			name: 'a bad CIDR in -i',
			args: ['-n', '-i', '10.0.0.0/8,10.1.0/16'],
			stdout:
				`${TS}\tinfo\trunning iptables in dry-run mode, no rule changes will be made\n` +
				`${TS}\tinfo\tFinal iptables state (IPv4):\n\n` +
				`${TS}\terror\tnetip.ParsePrefix("10.1.0/16"): ParseAddr("10.1.0"): IPv4 address too short\n`,
		},
	];

	it.each(cases)('$name', ({ args, pod, stdout }) => {
		const result = runIstioIptables(args, { now: CLOCK, pod: { ...DEFAULT_POD_ENVIRONMENT, ...pod } });
		expect({ stdout: result.stdout, stderr: result.stderr, exitCode: result.exitCode }).toEqual({ stdout, stderr: '', exitCode: 1 });
	});
});
