// The diagram's markup, from a RequestPath: the SVG of the ten stations and the numbered hop list
// that is its accessible alternative. One function for both moments it is drawn: at build time
// (RequestPath.astro, the default request, so the page shows it without JavaScript) and in the
// page when the lab makes a new request (./element.ts). Pure: strings in, a string out.

import { hopText, sectionUrl } from '../../commands/hops/render';
import type { Hop, RequestPath } from '../../mesh/types';
import { STATION_IDS, stationsOf, type Station, type StationId } from './stations';
import { stationLines, WORDS, type DiagramLang } from './text';

export interface RenderOptions {
	readonly lang: DiagramLang;
	/** `slug#anchor` of every lesson section that exists; a hop whose section is missing gets no link. */
	readonly sections: ReadonlySet<string>;
	/** Prefix of the ids inside the SVG (title, desc, markers), unique on the page. */
	readonly id: string;
}

const W = 640;
const H = 500;
const BOX = { w: 280, h: 66 } as const;

/** Where each station sits: the client pod's column top down, the wire below, the server pod's column bottom up. */
const AT: Record<StationId, { x: number; y: number }> = {
	client: { x: 20, y: 108 },
	'out-rules': { x: 20, y: 184 },
	'envoy-out': { x: 20, y: 260 },
	'out-config': { x: 20, y: 336 },
	wire: { x: 180, y: 426 },
	'in-rules': { x: 340, y: 336 },
	'envoy-in': { x: 340, y: 260 },
	'in-config': { x: 340, y: 184 },
	server: { x: 340, y: 108 },
	response: { x: 180, y: 8 },
};

/** The arrow from each station to the next, in the order the request meets them. */
const EDGES: readonly (readonly [StationId, StationId, string])[] = [
	['client', 'out-rules', 'M160 174 L160 182'],
	['out-rules', 'envoy-out', 'M160 250 L160 258'],
	['envoy-out', 'out-config', 'M160 326 L160 334'],
	['out-config', 'wire', 'M100 402 L100 459 L178 459'],
	['wire', 'in-rules', 'M460 459 L540 459 L540 404'],
	['in-rules', 'envoy-in', 'M480 336 L480 328'],
	['envoy-in', 'in-config', 'M480 260 L480 252'],
	['in-config', 'server', 'M480 184 L480 176'],
	['server', 'response', 'M380 108 L380 70'],
	['response', 'client', 'M260 68 L260 106'],
];

export function esc(s: string): string {
	return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The lesson URL of a hop's section, or undefined when that section does not exist (yet). */
export function linkOf(section: string, opts: RenderOptions): string | undefined {
	return opts.sections.has(section) ? sectionUrl(section, opts.lang) : undefined;
}

/** The pod's name as kubectl prints it. */
const podName = (key: string): string => key.slice(key.indexOf('/') + 1);

/** Mono text that fits its box: squeezed a little when long, cut with … when far too long. */
function mono(x: number, y: number, text: string, width: number): string {
	const fits = Math.floor(width / 6.1);
	const shown = text.length > fits * 1.3 ? `${text.slice(0, Math.floor(fits * 1.3) - 1)}…` : text;
	const squeeze = shown.length > fits ? ` textLength="${width}" lengthAdjust="spacingAndGlyphs"` : '';
	return `<text x="${x}" y="${y}" class="rp-mono"${squeeze}>${esc(shown)}</text>`;
}

function stationSvg(s: Station, n: number, path: RequestPath, opts: RenderOptions): string {
	const w = WORDS[opts.lang];
	const { x, y } = AT[s.id];
	const first = s.hops.map((i) => path.hops[i]).find((h): h is Hop => h !== undefined && linkOf(h.section, opts) !== undefined);
	const href = first === undefined ? undefined : linkOf(first.section, opts);
	const state = s.state === 'on-path' ? '' : w.state[s.state];
	const body = [
		`<rect x="${x}" y="${y}" width="${BOX.w}" height="${BOX.h}" rx="6" class="rp-box"/>`,
		`<text x="${x + 8}" y="${y + 18}" class="rp-title">${n}. ${esc(w.station[s.id])}</text>`,
		`<text x="${x + BOX.w - 8}" y="${y + 18}" class="rp-state" text-anchor="end">${esc(state)}</text>`,
		`<text x="${x + BOX.w - 8}" y="${y + 18}" class="rp-now" text-anchor="end">▶ ${esc(w.current)}</text>`,
		...stationLines(s, path).map((line, i) => mono(x + 8, y + 34 + i * 13, line, BOX.w - 16)),
	].join('');
	const inner = href === undefined ? body : `<a href="${esc(href)}">${body}</a>`;
	return `<g class="rp-station" data-station="${s.id}" data-state="${s.state}">${inner}</g>`;
}

function hopItem(h: Hop, i: number, opts: RenderOptions): string {
	const w = WORDS[opts.lang];
	const text = esc(`[${podName(h.where)}] ${hopText(h, opts.lang)}`);
	const href = linkOf(h.section, opts);
	const body = href === undefined ? `<span>${text}</span>` : `<a href="${esc(href)}">${text}</a>`;
	const calls =
		h.kind === 'app' && h.calls.length > 0
			? `<p class="rp-calls">${esc(w.calls)}</p><ul>${h.calls.map((c) => `<li><code>${esc(`${c.method} ${c.url} · ${c.status === 0 ? '—' : c.status}`)}</code></li>`).join('')}</ul>`
			: '';
	return `<li value="${i + 1}" data-hop="${i}">${body}${calls}</li>`;
}

function stationItem(s: Station, n: number, path: RequestPath, opts: RenderOptions): string {
	const w = WORDS[opts.lang];
	const state = s.state === 'on-path' ? '' : ` <span class="rp-list-state">(${esc(w.state[s.state])})</span>`;
	const hops = s.hops.length === 0 ? `<p class="rp-none">${esc(w.noHops)}</p>` : `<ol class="rp-hops">${s.hops.map((i) => (path.hops[i] === undefined ? '' : hopItem(path.hops[i], i, opts))).join('')}</ol>`;
	return `<li data-station="${s.id}" data-state="${s.state}"><span class="rp-list-title">${n}. ${esc(w.station[s.id])}</span>${state}${hops}</li>`;
}

/** The SVG and the hop list of one request. */
export function renderRequestPath(path: RequestPath, opts: RenderOptions): string {
	const w = WORDS[opts.lang];
	const { stations, source, destination } = stationsOf(path);
	const id = opts.id;
	const onPath = (a: StationId): boolean => stations[STATION_IDS.indexOf(a)]?.state !== 'skipped' && stations[STATION_IDS.indexOf(a)]?.state !== 'not-reached';
	const edges = EDGES.map(([a, b, d]) => `<path d="${d}" class="rp-edge${onPath(a) && onPath(b) ? '' : ' rp-edge-off'}" marker-end="url(#${id}-arrow)"/>`).join('');
	// Pod names sit clear of the arrows into and out of the response (x 260 and 380).
	const pod = (x: number, key: string, end: boolean): string =>
		`<rect x="${x}" y="80" width="308" height="332" rx="10" class="rp-pod"/><text x="${end ? x + 296 : x + 12}" y="98" class="rp-pod-label"${end ? ' text-anchor="end"' : ''}>${esc(key === '' ? w.noPod : podName(key))}</text>`;
	const svg = [
		`<svg viewBox="0 0 ${W} ${H}" role="group" aria-labelledby="${id}-title" aria-describedby="${id}-desc" class="rp-svg">`,
		`<title id="${id}-title">${esc(w.title)}</title>`,
		`<desc id="${id}-desc">${esc(w.desc(path))}</desc>`,
		`<defs><marker id="${id}-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0 0 L10 5 L0 10 z" class="rp-head"/></marker></defs>`,
		pod(6, source, false),
		pod(326, destination, true),
		edges,
		...stations.map((s, i) => stationSvg(s, i + 1, path, opts)),
		'</svg>',
	].join('');
	const head = `<p class="rp-head-line"><code>${esc(`${path.method} ${path.url}`)}</code> · <span class="rp-mono">${esc(path.from)}</span> · <strong>${path.status === 0 ? '—' : path.status}</strong></p>`;
	const list = `<ol class="rp-list" aria-label="${esc(w.listLabel)}">${stations.map((s, i) => stationItem(s, i + 1, path, opts)).join('')}</ol>`;
	return `${head}${svg}${list}`;
}

/** What the live region says for a step: the whole path, or `Hop 4 of 28, iptables nat OUTPUT: …`. */
export function announcement(path: RequestPath, step: number, lang: DiagramLang): string {
	const w = WORDS[lang];
	const hop = path.hops[step];
	if (step < 0 || hop === undefined) return w.overview(path);
	const station = stationsOf(path).stationOf[step];
	return w.step(step + 1, path.hops.length, station === undefined ? '' : w.station[station], hopText(hop, lang));
}
