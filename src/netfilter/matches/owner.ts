// -m owner: match locally generated packets by the socket owner's uid/gid. The heart of the
// sidecar: Envoy runs as uid 1337 and `-m owner --uid-owner 1337 -j RETURN` keeps its own
// upstream connections from being captured again. Valid only in OUTPUT and POSTROUTING.

import { ok, param, type XtResult } from '../errors';
import type { MatchExtension, ParseContext, PrintContext } from '../extension';
import { MATCHED, noMatch, type MatchResult } from '../engine/types';
import { Hook } from '../types';

export interface IdRange {
	readonly lo: number;
	readonly hi: number;
	readonly invert: boolean;
}

export interface OwnerData {
	readonly uid?: IdRange;
	readonly gid?: IdRange;
	readonly socketExists?: { readonly invert: boolean };
	readonly supplGroups?: boolean;
}

function parseIds(option: string, text: string, invert: boolean, kind: 'uid' | 'gid', ctx: ParseContext): XtResult<IdRange> {
	const bad = param<IdRange>(`owner: Bad value for "--${option}" option: "${text}"`);
	const m = /^(\d+)(?:-(\d+))?$/.exec(text);
	if (m !== null) {
		const lo = Number(m[1]);
		const hi = m[2] === undefined ? lo : Number(m[2]);
		if (hi < lo || hi > 0xffffffff) return bad;
		return ok({ lo, hi, invert });
	}
	const id = kind === 'uid' ? ctx.resolver.uid(text) : ctx.resolver.gid(text);
	return id === undefined ? bad : ok({ lo: id, hi: id, invert });
}

const idText = (r: IdRange): string => (r.lo === r.hi ? `${r.lo}` : `${r.lo}-${r.hi}`);

function listIds(r: IdRange, kind: 'uid' | 'gid', ctx: PrintContext): string {
	if (r.lo !== r.hi || ctx.numeric) return idText(r);
	return (kind === 'uid' ? ctx.resolver.user(r.lo) : ctx.resolver.group(r.lo)) ?? idText(r);
}

export const owner: MatchExtension<OwnerData> = {
	kind: 'match',
	name: 'owner',
	hooks: [Hook.Output, Hook.Postrouting],
	options: [
		{ name: 'uid-owner', args: 1, invertible: true },
		{ name: 'gid-owner', args: 1, invertible: true },
		{ name: 'socket-exists', args: 0, invertible: true },
		{ name: 'suppl-groups', args: 0 },
	],
	init: () => ({}),
	parse(data, option, args, invert, ctx): XtResult<OwnerData> {
		switch (option) {
			case 'uid-owner': {
				const r = parseIds(option, args[0] ?? '', invert, 'uid', ctx);
				return r.ok ? ok({ ...data, uid: r.value }) : r;
			}
			case 'gid-owner': {
				const r = parseIds(option, args[0] ?? '', invert, 'gid', ctx);
				return r.ok ? ok({ ...data, gid: r.value }) : r;
			}
			case 'socket-exists':
				return ok({ ...data, socketExists: { invert } });
			default:
				if (data.gid === undefined) return param('owner: Bad value for "--suppl-groups" option: "you need to use --gid-owner first"');
				return ok({ ...data, supplGroups: true });
		}
	},
	matches: (data, ctx) => ownerMatches(data, ctx.packet.owner),
	save(data) {
		const out: string[] = [];
		const inv = (i: boolean): string => (i ? '! ' : '');
		if (data.socketExists) out.push(`${inv(data.socketExists.invert)}--socket-exists`);
		if (data.uid) out.push(`${inv(data.uid.invert)}--uid-owner ${idText(data.uid)}`);
		if (data.gid) out.push(`${inv(data.gid.invert)}--gid-owner ${idText(data.gid)}`);
		if (data.supplGroups) out.push('--suppl-groups');
		return out.join(' ');
	},
	list(data, ctx) {
		const out: string[] = [];
		const inv = (i: boolean): string => (i ? '! ' : '');
		if (data.socketExists) out.push(`${inv(data.socketExists.invert)}owner socket exists`);
		if (data.uid) out.push(`${inv(data.uid.invert)}owner UID match ${listIds(data.uid, 'uid', ctx)}`);
		if (data.gid) out.push(`${inv(data.gid.invert)}owner GID match ${listIds(data.gid, 'gid', ctx)}`);
		if (data.supplGroups) out.push('incl. suppl. groups');
		return out.join(' ');
	},
};

/**
 * owner_mt in net/netfilter/xt_owner.c. Without a socket (forwarded packets, TIME_WAIT acks) the
 * match holds only when every option given is inverted: `! --uid-owner 1337` matches them.
 * With one, each option compares the socket file's fsuid/fsgid with the range.
 */
function ownerMatches(data: OwnerData, owner: { uid: number; gid: number; groups?: readonly number[] } | undefined): MatchResult {
	if (owner === undefined) {
		const all = [data.socketExists, data.uid, data.gid].filter((x) => x !== undefined);
		return all.every((x) => x.invert) ? MATCHED : noMatch('no-owner', '', idSpec(data));
	}
	if (data.socketExists?.invert) return noMatch('socket-exists', '', '', true);
	if (data.uid && (owner.uid >= data.uid.lo && owner.uid <= data.uid.hi) === data.uid.invert) {
		return noMatch('uid', `${owner.uid}`, idText(data.uid), data.uid.invert);
	}
	if (data.gid) {
		const inGid = (g: number): boolean => g >= (data.gid?.lo ?? 0) && g <= (data.gid?.hi ?? -1);
		const hit = inGid(owner.gid) || (data.supplGroups === true && (owner.groups ?? []).some(inGid));
		if (hit === data.gid.invert) return noMatch('gid', `${owner.gid}`, idText(data.gid), data.gid.invert);
	}
	return MATCHED;
}

function idSpec(data: OwnerData): string {
	if (data.uid) return `${data.uid.invert ? '! ' : ''}--uid-owner ${idText(data.uid)}`;
	if (data.gid) return `${data.gid.invert ? '! ' : ''}--gid-owner ${idText(data.gid)}`;
	return '--socket-exists';
}
