// Collects rules in the order the concerns add them, one list per address family, the way
// Istio's IptablesRuleBuilder does: a rule added "for both" lands in the IPv4 list and, only when
// IPv6 is on, in the IPv6 list. Order matters twice: it is the order of the restore text (which
// the goldens record) and, for `-I chain N`, it decides where the kernel puts the rule.

import type { Family, PlannedRule, RulePlan, TableName } from './types';

/** Words that differ between families, e.g. `127.0.0.6/32` versus `::6/128`. */
export type PerFamily = (family: Family) => readonly string[];

export class RuleBuilder {
	private readonly lists: Record<Family, PlannedRule[]> = { ipv4: [], ipv6: [] };
	private readonly warnings: string[] = [];

	constructor(private readonly ipv6Enabled: boolean) {}

	/** The families a "both" rule goes to: IPv6 rules are dropped when IPv6 is off. */
	private families(only?: Family): Family[] {
		const all: Family[] = this.ipv6Enabled ? ['ipv4', 'ipv6'] : ['ipv4'];
		return only === undefined ? all : all.filter((f) => f === only);
	}

	/** `-A chain params` in both families, or only in `only`. */
	append(table: TableName, chain: string, params: readonly string[], only?: Family): this {
		for (const family of this.families(only)) this.lists[family].push({ table, chain, params });
		return this;
	}

	/** `-I chain position params` in both families, or only in `only`. */
	insert(table: TableName, chain: string, position: number, params: readonly string[], only?: Family): this {
		for (const family of this.families(only)) this.lists[family].push({ table, chain, position, params });
		return this;
	}

	/** A rule whose words depend on the family (Istio's AppendVersionedRule). */
	appendPerFamily(table: TableName, chain: string, params: PerFamily): this {
		for (const family of this.families()) this.lists[family].push({ table, chain, params: params(family) });
		return this;
	}

	/** A log line Istio prints while planning (e.g. DNS capture switched off). */
	warn(message: string): this {
		this.warnings.push(message);
		return this;
	}

	build(): RulePlan {
		return {
			ipv4: [...this.lists.ipv4],
			ipv6: [...this.lists.ipv6],
			ipv6Enabled: this.ipv6Enabled,
			warnings: [...this.warnings],
		};
	}
}
