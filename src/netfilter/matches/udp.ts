// -m udp (loaded implicitly by `-p udp --dport 53`, as Istio's DNS rules do).

import type { MatchExtension } from '../extension';
import { noMatch } from '../engine/types';
import { listPorts, matchPorts, parsePortOption, PORT_OPTIONS, requireProtocol, savePorts, type PortMatchData } from './port-match';
import { param } from '../errors';

export type UdpMatchData = PortMatchData;

export const udp: MatchExtension<UdpMatchData> = {
	kind: 'match',
	name: 'udp',
	protocols: [17],
	options: PORT_OPTIONS,
	init: () => ({}),
	parse: (data, option, args, invert, ctx) =>
		parsePortOption('udp', data, option, args[0] ?? '', invert, ctx) ?? param(`unknown option "--${option}"`),
	finalCheck: (data, ctx) => requireProtocol('udp', 17, data, ctx),
	matches: (data, ctx) => (ctx.packet.proto === 17 ? matchPorts(data, ctx.packet) : noMatch('proto', `${ctx.packet.proto}`, '17')),
	save: (data) => savePorts(data).join(' '),
	list: (data, ctx) => ['udp', ...listPorts('udp', data, ctx)].join(' '),
};
