import { describe, expect, it } from 'vitest';
import { preferredLanguage } from '../../../src/site/language';
import { t, toLang } from '../../../src/i18n/ui';

describe('preferredLanguage', () => {
	it.each([
		[['zh-CN', 'en'], 'zh'],
		[['zh-TW'], 'zh'],
		[['zh'], 'zh'],
		[['en-US', 'zh-CN'], 'en'],
		[['fr-FR', 'zh-CN'], 'zh'],
		[['fr-FR', 'de'], 'en'],
		[[], 'en'],
		[[' ZH-hans-CN '], 'zh'],
	] as const)('%j -> %s', (langs, expected) => {
		expect(preferredLanguage(langs)).toBe(expected);
	});
});

describe('UI strings', () => {
	it('maps Starlight locales and BCP-47 tags', () => {
		expect(toLang('zh')).toBe('zh');
		expect(toLang('zh-CN')).toBe('zh');
		expect(toLang('en')).toBe('en');
		expect(toLang(undefined)).toBe('en');
	});

	it('fills placeholders and leaves unknown ones visible', () => {
		expect(t('en', 'ports.filter.count', { shown: 3, total: 24 })).toBe('3 of 24 entries shown');
		expect(t('zh', 'ports.filter.count', { shown: 3, total: 24 })).toBe('显示 3 / 24 项');
		expect(t('en', 'ports.filter.count', { shown: 3 })).toBe('3 of {total} entries shown');
	});
});
