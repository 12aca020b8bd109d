// hostname (Debian's hostname 3.23; BusyBox's in Alpine images): the name of the UTS namespace
// the shell is in: the node's, or the pod's after `nsenter -u` or `kubectl exec`. -i resolves it
// through /etc/hosts as gethostbyname would; -I lists the addresses of every interface but lo.

import type { CommandSpec } from '../../shell';
import { netnsOf } from '../../world';
import type { WorldHandle } from '../../lab/world-handle';

/** The addresses /etc/hosts gives a name (every line naming it, in order). */
function hostsLookup(hosts: string | undefined, name: string): string[] {
	const out: string[] = [];
	for (const line of (hosts ?? '').split('\n')) {
		const [addr, ...names] = line.replace(/#.*/, '').trim().split(/\s+/);
		if (addr !== undefined && addr !== '' && names.includes(name) && !out.includes(addr)) out.push(addr);
	}
	return out;
}

/** hostname 3.23's usage, printed for an unknown option (recorded). */
const USAGE = `Usage: hostname [-b] {hostname|-F file}         set host name (from file)
       hostname [-a|-A|-d|-f|-i|-I|-s|-y]       display formatted name
       hostname                                 display host name

       {yp,nis,}domainname {nisdomain|-F file}  set NIS domain name (from file)
       {yp,nis,}domainname                      display NIS domain name

       dnsdomainname                            display dns domain name

       hostname -V|--version|-h|--help          print info and exit

Program name:
       {yp,nis,}domainname=hostname -y
       dnsdomainname=hostname -d

Program options:
    -a, --alias            alias names
    -A, --all-fqdns        all long host names (FQDNs)
    -b, --boot             set default hostname if none available
    -d, --domain           DNS domain name
    -f, --fqdn, --long     long host name (FQDN)
    -F, --file             read host name or NIS domain name from given file
    -i, --ip-address       addresses for the host name
    -I, --all-ip-addresses all addresses for the host
    -s, --short            short host name
    -y, --yp, --nis        NIS/YP domain name

Description:
   This command can get or set the host name or the NIS domain name. You can
   also get the DNS domain or the FQDN (fully qualified domain name).
   Unless you are using bind or NIS for host lookups you can change the
   FQDN (Fully Qualified Domain Name) and the DNS domain name (which is
   part of the FQDN) in the /etc/hosts file.
`;

export function hostname(handle: WorldHandle): CommandSpec {
	return {
		name: 'hostname',
		path: '/usr/bin/hostname',
		help: { summary: { en: "print the host name this shell sees (-i: its address, -I: all addresses)", zh: '显示当前 shell 看到的主机名（-i：其地址，-I：所有地址）' }, usage: 'hostname [-i|-I|-s|-f]' },
		run(args, ctx) {
			const at = handle.location;
			const name = at.hostname;
			const flags = args.filter((a) => a.startsWith('-'));
			const operands = args.filter((a) => !a.startsWith('-'));
			if (operands.length > 0) {
				// Setting the name needs CAP_SYS_ADMIN in the UTS namespace's owner: not granted here.
				return { stdout: '', stderr: 'hostname: you must be root to change the host name\n', exitCode: 1 };
			}
			const f = flags[0];
			if (f === undefined || f === '-s' || f === '--short' || f === '-f' || f === '--fqdn' || f === '--long') return { stdout: `${f === '-s' || f === '--short' ? (name.split('.')[0] ?? name) : name}\n`, stderr: '', exitCode: 0 };
			if (f === '-i' || f === '--ip-address') {
				const hosts = ctx.fs.read('/etc/hosts');
				const addrs = hostsLookup(typeof hosts === 'string' ? hosts : undefined, name);
				if (addrs.length === 0) return { stdout: '', stderr: 'hostname: Name or service not known\n', exitCode: 1 };
				return { stdout: `${addrs.join(' ')}\n`, stderr: '', exitCode: 0 };
			}
			if (f === '-I' || f === '--all-ip-addresses') {
				const ns = netnsOf(handle.world, at.netns).netns;
				const addrs = ns.interfaces.filter((i) => i.name !== 'lo').flatMap((i) => i.addresses.map((a) => a.local));
				return { stdout: `${addrs.map((a) => `${a} `).join('')}\n`, stderr: '', exitCode: 0 };
			}
			// getopt's complaint on stderr, the usage on stdout, exit status 255 (recorded).
			return { stdout: USAGE, stderr: `hostname: invalid option -- '${f.replace(/^-+/, '').slice(0, 1)}'\n`, exitCode: 255 };
		},
	};
}
