// What every istioctl proxy-config table shares: Go's text/tabwriter (minwidth 0, tabwidth 8,
// pad ' ', no flags) with the padding each writer chooses, and the errors for a missing section.

import type { ConfigDump } from '../../../envoy';
import { tabwrite } from '../../kubectl/tabwriter';

export type Written = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly error: string };

export const ok = (text: string): Written => ({ ok: true, text });
export const err = (error: string): Written => ({ ok: false, error });

/** Rows of cells through tabwriter.Writer{minwidth 0, padding}; each row ends with '\n'. */
export function table(rows: readonly (readonly (string | number)[])[], padding: number): string {
	if (rows.length === 0) return '';
	return tabwrite(rows.map((r) => `${r.join('\t')}\n`).join(''), { minwidth: 0, padding });
}

const TYPE_URL = {
	bootstrap: 'type.googleapis.com/envoy.admin.v3.BootstrapConfigDump',
	listeners: 'type.googleapis.com/envoy.admin.v3.ListenersConfigDump',
	clusters: 'type.googleapis.com/envoy.admin.v3.ClustersConfigDump',
	routes: 'type.googleapis.com/envoy.admin.v3.RoutesConfigDump',
	endpoints: 'type.googleapis.com/envoy.admin.v3.EndpointsConfigDump',
	secrets: 'type.googleapis.com/envoy.admin.v3.SecretsConfigDump',
	ecds: 'type.googleapis.com/envoy.admin.v3.EcdsConfigDump',
} as const;

/** istioctl's configdump.Wrapper error when a section is not in the dump. */
export function missing(section: keyof typeof TYPE_URL): string {
	return `config dump has no configuration type ${TYPE_URL[section]}`;
}

export function sectionJson(dump: ConfigDump, section: keyof typeof TYPE_URL) {
	return dump.sections.get(TYPE_URL[section]);
}

/** Whether `pc all` prefixes names with their kind (configdump.SetPrintConfigTypeInSummary). */
export interface SummaryOptions {
	readonly includeConfigType: boolean;
}
