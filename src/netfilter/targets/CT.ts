// -j CT: set conntrack properties before tracking starts (raw table). Istio's DNS capture puts
// the agent's and the app's DNS flows into separate conntrack zones (--zone 1 / --zone 2) so
// their NATed tuples cannot collide.

import { ok, param, type XtResult } from '../errors';
import type { TargetExtension } from '../extension';

export interface CtTargetData {
	readonly notrack: boolean;
	readonly zone: number;
	readonly zoneDir?: 'orig' | 'reply';
	readonly helper?: string;
}

export const CT: TargetExtension<CtTargetData> = {
	kind: 'target',
	name: 'CT',
	table: 'raw',
	options: [
		{ name: 'notrack', args: 0 },
		{ name: 'zone', args: 1 },
		{ name: 'zone-orig', args: 1 },
		{ name: 'zone-reply', args: 1 },
		{ name: 'helper', args: 1 },
	],
	init: () => ({ notrack: false, zone: 0 }),
	parse(data, option, args): XtResult<CtTargetData> {
		const arg = args[0] ?? '';
		if (option === 'notrack') return ok({ ...data, notrack: true });
		if (option === 'helper') return ok({ ...data, helper: arg });
		if (!/^\d+$/.test(arg) || Number(arg) > 65535) return param(`Cannot parse ${arg} as a zone ID`);
		const zoneDir = option === 'zone-orig' ? 'orig' : option === 'zone-reply' ? 'reply' : undefined;
		return ok({ ...data, zone: Number(arg), ...(zoneDir ? { zoneDir } : {}) });
	},
	// xt_ct_target: attaches the template (zone) or marks the packet untracked, before conntrack.
	verdict: (d) => ({ kind: 'continue', effect: d.notrack ? { notrack: true } : { zone: d.zone } }),
	save(d) {
		const out: string[] = [];
		if (d.notrack) out.push('--notrack');
		if (d.helper !== undefined) out.push(`--helper ${d.helper}`);
		if (d.zone !== 0) out.push(`--zone${d.zoneDir ? `-${d.zoneDir}` : ''} ${d.zone}`);
		return out.join(' ');
	},
	list(d) {
		const out = ['CT'];
		if (d.notrack) out.push('notrack');
		if (d.helper !== undefined) out.push(`helper ${d.helper}`);
		if (d.zone !== 0) out.push(`zone${d.zoneDir ? `-${d.zoneDir}` : ''} ${d.zone}`);
		return out.join(' ');
	},
};
