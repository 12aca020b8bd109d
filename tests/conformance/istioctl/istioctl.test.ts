// istioctl proxy-config against istioctl's own test expectations (testdata/NOTICE.md): every
// input and expected output is read from testdata, compared byte for byte. The upstream tests
// call the writers directly; here each runs as the CLI line that calls that writer.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runIstioctl, type IstioctlProvider } from '../../../src/commands/istioctl';
import { podNotFound } from '../../../src/commands/istioctl/provider';

const DATA = join(__dirname, 'testdata');
const read = (p: string): string => readFileSync(join(DATA, p), 'utf8');

/** A provider with no cluster: only -f files. The clock is fixed (certificate validity). */
function files(istioVersion: string): IstioctlProvider {
	return {
		istioVersion,
		defaultNamespace: 'default',
		now: () => Date.UTC(2025, 5, 1),
		configDump: podNotFound,
		readFile: (path) => {
			try {
				return { ok: true, text: readFileSync(join(DATA, path), 'utf8') };
			} catch {
				return { ok: false, error: `open ${path}: no such file or directory` };
			}
		},
	};
}

const HEAD = files('1.30.0');

/** The ecds JSON test re-indents istioctl's output with json.MarshalIndent(RawMessage, "", "    "). */
const reindent = (s: string): string => `${JSON.stringify(JSON.parse(s), null, 4)}\n`;

interface Case {
	readonly name: string;
	readonly line: string;
	readonly expected: string;
	readonly transform?: (stdout: string) => string;
}

// The MANIFEST table, one row per upstream expectation.
const CASES: readonly Case[] = [
	{ name: 'TestConfigWriter_PrintBootstrapDump', line: 'pc bootstrap -o json -f writer-configdump/configdump.json', expected: 'writer-configdump/bootstrapdump.json' },
	{ name: 'TestConfigWriter_PrintVersionSummary', line: 'pc bootstrap -o short -f writer-configdump/configdump.json', expected: 'writer-configdump/versionsummary.txt' },
	{ name: 'TestPrintEcdsSummary', line: 'pc ecds -f writer-configdump/ecds/configdump.json', expected: 'writer-configdump/ecds/output.txt' },
	{ name: 'TestPrintEcdsYaml', line: 'pc ecds -o yaml -f writer-configdump/ecds/configdump.json', expected: 'writer-configdump/ecds/output.yaml' },
	{ name: 'TestPrintEcdsJSON', line: 'pc ecds -o json -f writer-configdump/ecds/configdump.json', expected: 'writer-configdump/ecds/output.json', transform: reindent },
	{ name: 'TestPrintEndpointsSummary emptyfilter', line: 'pc eds -f writer-configdump/endpoint/configdump.json', expected: 'writer-configdump/endpoint/emptyfilter_output.txt' },
	{ name: 'TestPrintEndpointsSummary portfilter', line: 'pc eds --port 8080 -f writer-configdump/endpoint/configdump.json', expected: 'writer-configdump/endpoint/portfilter_output.txt' },
	{ name: 'TestPrintEndpoints emptyfilter json', line: 'pc eds -o json -f writer-configdump/endpoint/configdump.json', expected: 'writer-configdump/endpoint/emptyfilter_output.json' },
	{ name: 'TestPrintEndpoints emptyfilter yaml', line: 'pc eds -o yaml -f writer-configdump/endpoint/configdump.json', expected: 'writer-configdump/endpoint/emptyfilter_output.yaml' },
	{ name: 'TestPrintEndpoints portfilter json', line: 'pc eds -o json --port 8080 -f writer-configdump/endpoint/configdump.json', expected: 'writer-configdump/endpoint/portfilter_output.json' },
	{ name: 'TestPrintEndpoints portfilter yaml', line: 'pc eds -o yaml --port 8080 -f writer-configdump/endpoint/configdump.json', expected: 'writer-configdump/endpoint/portfilter_output.yaml' },
	{ name: 'TestPrintRoutesSummary empty-gateway', line: 'pc route -f writer-configdump/routes/empty-gateway/configdump.json', expected: 'writer-configdump/routes/empty-gateway/output.txt' },
	{ name: 'TestPrintRoutesSummary istio-gateway-http-route-prefix', line: 'pc route -f writer-configdump/routes/istio-gateway-http-route-prefix/configdump.json', expected: 'writer-configdump/routes/istio-gateway-http-route-prefix/output.txt' },
	{ name: 'TestPrintRoutesSummary k8s-gateway-http-route-path-prefix', line: 'pc route -f writer-configdump/routes/k8s-gateway-http-route-path-prefix/configdump.json', expected: 'writer-configdump/routes/k8s-gateway-http-route-path-prefix/output.txt' },
	{ name: 'TestSDSWriter_ValidCert istio', line: 'pc secret -f writer-configdump/secret/istio/config_dump.json', expected: 'writer-configdump/secret/istio/output' },
	{ name: 'TestSDSWriter_ValidCert spire', line: 'pc secret -f writer-configdump/secret/spire/config_dump.json', expected: 'writer-configdump/secret/spire/output' },
	{ name: 'TestPrintProxyConfigSummary', line: 'proxy-config all -f proxyconfig/config_dump.json', expected: 'proxyconfig/config_dump_summary.txt' },
	{ name: 'TestPrintProxyConfigSummaryWithHeaders', line: 'proxy-config all -f proxyconfig/config_dump.json --with-headers', expected: 'proxyconfig/config_dump_summary_withheaders.txt' },
];

describe('istioctl proxy-config reproduces istioctl test expectations', () => {
	it.each(CASES)('$name: istioctl $line', ({ line, expected, transform }) => {
		const r = runIstioctl(line.split(' '), HEAD);
		expect(r.stderr).toBe('');
		expect(r.exitCode).toBe(0);
		expect(transform === undefined ? r.stdout : transform(r.stdout)).toBe(read(expected));
	});
});
