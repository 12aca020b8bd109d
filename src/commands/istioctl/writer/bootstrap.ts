// `pc bootstrap` (-o json by default, or the short version summary) and `pc ecds`
// (writer/envoy/configdump/configdump.go and ecds.go, Istio 1.26).

import type { ConfigDump } from '../../../envoy';
import type { Json } from '../../../envoy/json';
import { goSortSlice } from '../gosort';
import { toYaml } from '../goyaml';
import { jsonpbIndent, messageJson } from '../protojson';
import { err, missing, ok, sectionJson, table, type Written } from './common';

const str = (v: Json | undefined): string | undefined => (typeof v === 'string' ? v : undefined);

/** Istio Version / Istio Proxy Version / Envoy Version, tabwriter padding 1. */
export function bootstrapSummary(dump: ConfigDump): Written {
	const b = dump.bootstrap;
	if (b === undefined) return err(missing('bootstrap'));
	const md = b.nodeMetadata;
	const version = str(md['ISTIO_VERSION']) ?? '';
	let sha = str(md['ISTIO_PROXY_SHA']) ?? '';
	const parts = sha.split(':');
	if (parts.length > 1) sha = parts[1] as string;
	const v = b.envoyVersion;
	const vm = v?.metadata ?? {};
	let envoy = `${v?.major ?? 0}.${v?.minor ?? 0}.${v?.patch ?? 0}`;
	// A Struct field that is present prints even when it is not a string (as "").
	const field = (k: string): string | undefined => (k in vm ? (str(vm[k]) ?? '') : undefined);
	if (field('build.label') !== undefined) envoy += `-${field('build.label')}`;
	for (const k of ['revision.status', 'build.type', 'ssl.version']) if (field(k) !== undefined) envoy += `/${field(k)}`;
	const rows: string[][] = [];
	if (version !== '') rows.push(['Istio Version:', version]);
	if (sha !== '') rows.push(['Istio Proxy Version:', sha]);
	rows.push(['Envoy Version:', envoy]);
	return ok(table(rows, 1));
}

export function bootstrapDump(dump: ConfigDump, format: 'json' | 'yaml'): Written {
	const section = sectionJson(dump, 'bootstrap');
	if (section === undefined) return err(missing('bootstrap'));
	const json = jsonpbIndent(section);
	return ok(format === 'yaml' ? `${toYaml(JSON.parse(json))}\n` : `${json}\n`);
}

export function ecdsSummary(dump: ConfigDump): Written {
	if (dump.ecds === undefined) return err(missing('ecds'));
	const list = goSortSlice([...dump.ecds], (x, y) => (x.typeUrl === y.typeUrl ? x.name < y.name : x.typeUrl < y.typeUrl));
	const rows = [['ECDS NAME', 'TYPE'], ...list.map((f) => [f.name, f.typeUrl.replace(/^type\.googleapis\.com\//, '')])];
	return ok(table(rows, 5));
}

export function ecdsDump(dump: ConfigDump, format: 'json' | 'yaml'): Written {
	const section = sectionJson(dump, 'ecds');
	if (section === undefined) return err(missing('ecds'));
	const { '@type': _t, ...rest } = section;
	void _t;
	const json = messageJson(rest);
	return ok(format === 'yaml' ? `${toYaml(JSON.parse(json))}\n` : `${json}\n`);
}


