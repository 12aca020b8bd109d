// `istioctl proxy-config secret` (writer/compare/sds, Istio 1.26): warming then active SDS
// secrets, each certificate's type (CA if basicConstraints says so), validity against the
// injected clock, serial and validity dates. SPIRE trust bundles give one row per trust domain,
// and when every row has a trust domain a TRUST DOMAIN column is added. The serial is Go's %x
// of the big integer; istioctl 1.29 started zero-padding it to 32 digits (%032x).

import { firstPemBlock, parseCertificate, rfc3339, type ConfigDump, type Secret } from '../../../envoy';
import { jsonpbIndent } from '../protojson';
import { toYaml } from '../goyaml';
import { err, missing, ok, sectionJson, table, type SummaryOptions, type Written } from './common';

interface Item {
	readonly name: string;
	readonly state: string;
	readonly type: string;
	readonly valid: boolean;
	readonly serial: string;
	readonly notAfter: string;
	readonly notBefore: string;
	readonly trustDomain: string;
}

function item(name: string, state: string, pem: string | undefined, trustDomain: string, now: number, padSerial: boolean): Item {
	const empty: Item = { name, state, type: '', valid: false, serial: '', notAfter: '', notBefore: '', trustDomain };
	if (pem === undefined || pem === '') return empty;
	const der = firstPemBlock(pem);
	const cert = der === undefined ? undefined : parseCertificate(der);
	if (cert === undefined) return empty;
	return {
		name,
		state,
		type: cert.isCA ? 'CA' : 'Cert Chain',
		valid: now > cert.notBefore && now < cert.notAfter,
		serial: padSerial ? cert.serialHex.padStart(32, '0') : cert.serialHex,
		notAfter: rfc3339(cert.notAfter),
		notBefore: rfc3339(cert.notBefore),
		trustDomain: trustDomain !== '' ? trustDomain : (cert.spiffeTrustDomain ?? ''),
	};
}

function items(secrets: readonly Secret[], now: number, padSerial: boolean): Item[] {
	return secrets.flatMap((s) => {
		if (s.certificateChain !== undefined) return [item(s.name, s.state, s.certificateChain, '', now, padSerial)];
		if (s.trustedCa !== undefined) return [item(s.name, s.state, s.trustedCa, '', now, padSerial)];
		if (s.trustBundles.length > 0) return s.trustBundles.map((b) => item(s.name, s.state, b.pem, b.trustDomain, now, padSerial));
		return [item(s.name, s.state, undefined, '', now, padSerial)];
	});
}

export interface SecretOptions extends SummaryOptions {
	readonly now: number;
	/** istioctl >= 1.29 prints serials as %032x. */
	readonly padSerial: boolean;
}

export function secretSummary(dump: ConfigDump, o: SecretOptions): Written {
	if (dump.secrets === undefined) return err(missing('secrets'));
	if (dump.secrets.length === 0) return ok('No active or warming secrets found.\n');
	const list = items(dump.secrets, o.now, o.padSerial);
	if (list.length === 0) return ok('No secret items to show.\n');
	const withDomain = list.every((i) => i.trustDomain !== '');
	const head = ['RESOURCE NAME', 'TYPE', 'STATUS', 'VALID CERT', 'SERIAL NUMBER', 'NOT AFTER', 'NOT BEFORE', ...(withDomain ? ['TRUST DOMAIN'] : [])];
	const rows = [head, ...list.map((i) => [o.includeConfigType ? `secret/${i.name}` : i.name, i.type, i.state, String(i.valid), i.serial, i.notAfter, i.notBefore, ...(withDomain ? [i.trustDomain] : [])])];
	return ok(table(rows, 5));
}

export function secretDump(dump: ConfigDump, format: 'json' | 'yaml'): Written {
	const section = sectionJson(dump, 'secrets');
	if (section === undefined) return err(`sidecar doesn't support secrets: ${missing('secrets')}`);
	const json = jsonpbIndent(section);
	return ok(format === 'yaml' ? `${toYaml(JSON.parse(json))}\n` : `${json}\n`);
}
