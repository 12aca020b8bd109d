import { describe, expect, it } from 'vitest';
import { exposureLabel, ports } from '../../../src/data/ports';
import { queryTerms, rowMatches, searchText } from '../../../src/site/filter';

const rows = ports.map((entry) => ({
	id: entry.id,
	port: entry.port,
	text: searchText([entry.port, entry.process, entry.protocol, entry.listen, entry.purpose.en, entry.purpose.zh, entry.notes?.en, entry.notes?.zh, exposureLabel[entry.exposure].en, exposureLabel[entry.exposure].zh, ...entry.keywords]),
}));

function filter(query: string): string[] {
	const terms = queryTerms(query);
	return rows.filter((row) => rowMatches(row, terms)).map((row) => row.id);
}

describe('ports filter', () => {
	it.each([
		['15006', ['port-15006']],
		['1500', ['port-15000', 'port-15001', 'port-15002', 'port-15004', 'port-15006', 'port-15008', 'port-15009']],
		['150', rows.filter((r) => r.port.startsWith('150')).map((r) => r.id)],
		['metrics', ['port-15020', 'port-15090', 'port-15014']],
		['指标', ['port-15020', 'port-15090', 'port-15014']],
		['METRICS envoy', ['port-15020', 'port-15090']],
		['envoy admin', ['port-15000']],
		['127.0.0.6', ['port-15002', 'addr-127-0-0-6']],
		['  dns   ', ['port-15053']],
		['no-such-thing', []],
	] as const)('%j shows %j', (query, expected) => {
		expect(filter(query)).toEqual(expected);
	});

	it('an empty query shows every row', () => {
		expect(filter('')).toHaveLength(rows.length);
		expect(filter('   ')).toHaveLength(rows.length);
	});

	it('a number matches the port column of port rows, and the text of other rows', () => {
		expect(rowMatches({ port: '15006', text: 'x' }, ['150'])).toBe(true);
		expect(rowMatches({ port: '15006', text: '9080' }, ['9080'])).toBe(false);
		expect(rowMatches({ port: undefined, text: 'since 1.14' }, ['14'])).toBe(true);
		expect(rowMatches({ port: '127.0.0.6', text: 'uses 15002' }, ['15002'])).toBe(true);
	});
});
