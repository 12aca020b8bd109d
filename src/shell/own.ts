// Looking a word the learner typed up in a table written as an object literal: only the table's
// own keys count. `TABLE[word]` alone would find Object.prototype's members for words such as
// `toString`, `constructor` or `__proto__` and hand a function (or the prototype) to code that
// expects the table's values.

/** `table[key]` when `key` is one of the table's own keys, else undefined. */
export function own<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
	return Object.hasOwn(table, key) ? table[key] : undefined;
}
