// `ip link` and `ip address` (iproute2 6.1, ipaddress.c): one block per device, in index order,
// with the first line, the link line, then the IPv4 addresses and the IPv6 ones, each followed by
// its lifetimes. The quirks are iproute2's, as recorded (tests/fixtures/ip/recorded.json):
// `ip -4 addr` drops the link line and moves `link-netns` to the first line; `ip -6 addr` prints
// a shorter first line without the peer, the qdisc or the group; inet6 lines end with a space.

import type { IfAddress, Interface, Netns } from '../../netns/types';
import { INCOMPLETE, matches } from './args';
import { ADDR_USAGE, LINK_USAGE } from './help';
import type { Globals, IpOutput as Out, LinkInfo } from './types';
const ok = (stdout: string): Out => ({ stdout, stderr: '', exitCode: 0 });
const fail = (stderr: string, exitCode: number): Out => ({ stdout: '', stderr, exitCode });

function state(i: Interface): string {
	if (!i.flags.includes('UP')) return 'DOWN';
	if (i.kind === 'loopback') return 'UNKNOWN';
	return i.flags.includes('LOWER_UP') ? 'UP' : 'DOWN';
}

function qdisc(i: Interface, info: LinkInfo): string {
	return info.qdisc ?? (i.flags.includes('UP') ? 'noqueue' : 'noop');
}

function nameOf(i: Interface, info: LinkInfo): string {
	return info.peerIndex === undefined ? i.name : `${i.name}@if${info.peerIndex}`;
}

function netnsSuffix(info: LinkInfo): string {
	if (info.linkNetns === undefined) return '';
	return typeof info.linkNetns === 'number' ? ` link-netnsid ${info.linkNetns}` : ` link-netns ${info.linkNetns}`;
}

function firstLine(i: Interface, info: LinkInfo, mode: 'addr' | 'link'): string {
	const master = info.master === undefined ? '' : `master ${info.master} `;
	const m = mode === 'link' ? 'mode DEFAULT ' : '';
	return `${i.index}: ${nameOf(i, info)}: <${i.flags.join(',')}> mtu ${i.mtu} qdisc ${qdisc(i, info)} ${master}state ${state(i)} ${m}group default qlen ${info.qlen ?? 1000}`;
}

function linkLine(i: Interface, info: LinkInfo): string {
	const loop = i.kind === 'loopback';
	return `    link/${loop ? 'loopback' : 'ether'} ${i.mac} brd ${loop ? '00:00:00:00:00:00' : 'ff:ff:ff:ff:ff:ff'}${netnsSuffix(info)}`;
}

function addressLines(i: Interface, a: IfAddress): string {
	const life = '\n       valid_lft forever preferred_lft forever';
	if (a.family === 'ipv6') return `    inet6 ${a.local}/${a.prefix} scope ${a.scope} ${life}`;
	const brd = a.broadcast === undefined ? '' : `brd ${a.broadcast} `;
	return `    inet ${a.local}/${a.prefix} ${brd}scope ${a.scope} ${a.secondary ? 'secondary ' : ''}${i.name}${life}`;
}

function ordered(i: Interface, family: Globals['family']): IfAddress[] {
	const v4 = i.addresses.filter((a) => a.family === 'ipv4');
	const v6 = i.addresses.filter((a) => a.family === 'ipv6');
	return family === 'ipv4' ? v4 : family === 'ipv6' ? v6 : [...v4, ...v6];
}

const oneLine = (text: string): string => text.replace(/\n/g, '\\');

function addrBlock(i: Interface, info: LinkInfo, g: Globals): string {
	const addrs = ordered(i, g.family);
	if (g.brief) {
		const name = nameOf(i, info).padEnd(16);
		return `${name} ${state(i).padEnd(14)} ${addrs.map((a) => `${a.local}/${a.prefix} `).join('')}\n`;
	}
	if (g.oneline) return addrs.map((a) => `${i.index}: ${i.name}${oneLine(addressLines(i, a))}\n`).join('');
	let head: string;
	if (g.family === 'ipv6') head = `${i.index}: ${i.name}: <${i.flags.join(',')}> mtu ${i.mtu} state ${state(i)} qlen ${info.qlen ?? 1000}`;
	else if (g.family === 'ipv4') head = `${firstLine(i, info, 'addr')}${netnsSuffix(info)}`;
	else head = `${firstLine(i, info, 'addr')}\n${linkLine(i, info)}`;
	return `${[head, ...addrs.map((a) => addressLines(i, a))].join('\n')}\n`;
}

function linkBlock(i: Interface, info: LinkInfo, g: Globals): string {
	if (g.brief) return `${nameOf(i, info).padEnd(16)} ${state(i).padEnd(14)} ${i.mac} <${i.flags.join(',')}> \n`;
	const text = `${firstLine(i, info, 'link')}\n${linkLine(i, info)}`;
	return `${g.oneline ? oneLine(text) : text}\n`;
}

const ADDR_COMMANDS = ['add', 'change', 'replace', 'delete', 'list', 'flush', 'save', 'showdump', 'restore', 'help'];
const LINK_COMMANDS = ['add', 'set', 'change', 'replace', 'delete', 'show', 'list', 'xstats', 'afstats', 'property', 'help'];

/**
 * The object's command (matched by prefix in iproute2's order), then `[dev] NAME [up]`: the devices
 * to show; a command this simulator does not run comes back as `unsupported`.
 */
function selectDevices(ns: Netns, args: readonly string[], object: 'address' | 'link'): { devs: Interface[] } | Out | { unsupported: string } {
	let rest = args;
	const cmd = rest[0];
	if (cmd !== undefined) {
		const known = (object === 'address' ? ADDR_COMMANDS : LINK_COMMANDS).find((c) => matches(cmd, c));
		const show = matches(cmd, 'show') || matches(cmd, 'list') || cmd === 'lst';
		if (!show && known === 'help') return fail(object === 'address' ? ADDR_USAGE : LINK_USAGE, 255);
		if (!show && known !== undefined) return { unsupported: `ip ${object} ${known}` };
		if (!show) return fail(`Command "${cmd}" is unknown, try "ip ${object} help".\n`, 255);
		rest = rest.slice(1);
	}
	let dev: string | undefined;
	let upOnly = false;
	for (let k = 0; k < rest.length; k++) {
		const w = rest[k] ?? '';
		if (w === 'dev') {
			const d = rest[++k];
			if (d === undefined) return fail(INCOMPLETE, 255);
			dev = d;
		} else if (w === 'up') upOnly = true;
		else if (dev === undefined) dev = w;
		else return fail(`Error: either "dev" is duplicate, or "${w}" is a garbage.\n`, 255);
	}
	if (dev !== undefined && !ns.interfaces.some((i) => i.name === dev)) return fail(`Device "${dev}" does not exist.\n`, 1);
	const devs = [...ns.interfaces].sort((a, b) => a.index - b.index).filter((i) => (dev === undefined || i.name === dev) && (!upOnly || i.flags.includes('UP')));
	return { devs };
}

export function ipAddress(ns: Netns, links: Readonly<Record<string, LinkInfo>>, g: Globals, args: readonly string[]): Out | { unsupported: string } {
	const sel = selectDevices(ns, args, 'address');
	if (!('devs' in sel)) return sel;
	// With a family, devices without an address of it are left out.
	const shown = g.family === undefined ? sel.devs : sel.devs.filter((i) => ordered(i, g.family).length > 0);
	return ok(shown.map((i) => addrBlock(i, links[i.name] ?? {}, g)).join(''));
}

export function ipLink(ns: Netns, links: Readonly<Record<string, LinkInfo>>, g: Globals, args: readonly string[]): Out | { unsupported: string } {
	const sel = selectDevices(ns, args, 'link');
	if (!('devs' in sel)) return sel;
	return ok(sel.devs.map((i) => linkBlock(i, links[i.name] ?? {}, g)).join(''));
}
