import { describe, expect, it } from 'vitest';
import { generateClientId, isGeneratedClientId } from '../../../shared/mqtt/client-id';

describe('generateClientId', () => {
	it('makes ids every broker must accept: at most 23 bytes, recognisably ours', () => {
		const id = generateClientId();
		expect(id).toMatch(/^topicscope_[0-9a-f]{10}$/);
		expect(new TextEncoder().encode(id).length).toBeLessThanOrEqual(23);
		expect(isGeneratedClientId(id)).toBe(true);
	});

	it('does not repeat itself', () => {
		const ids = new Set(Array.from({ length: 1_000 }, generateClientId));
		expect(ids.size).toBe(1_000);
	});

	it('tells a chosen id from a generated one', () => {
		expect(isGeneratedClientId('sensor-hall-3')).toBe(false);
		expect(isGeneratedClientId('topicscope_12345')).toBe(false);
	});
});
