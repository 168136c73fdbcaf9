import { describe, expect, it } from 'vitest';
import { isAtOrBelow, RetainedIndex } from '../../../main/retained/retained-index';
import { TopicTree } from '../../../main/topics/topic-tree';
import type { MqttMessage } from '../../../shared/model/message';

function message(
	topic: string,
	payload: string,
	retain: boolean,
	direction: 'in' | 'out' = 'in',
): MqttMessage {
	return {
		topic,
		payload: new TextEncoder().encode(payload),
		qos: 1,
		retain,
		dup: false,
		properties: undefined,
		timeUs: 1,
		direction,
	};
}

describe('RetainedIndex', () => {
	it.each([
		['a/b', 'a/b', true],
		['a/b/c', 'a/b', true],
		['a/bc', 'a/b', false],
		['a/b-c', 'a/b', false],
		['a', 'a/b', false],
		['anything', '', true],
	])('%s at or below %s: %s', (topic, below, expected) => {
		expect(isAtOrBelow(topic, below)).toBe(expected);
	});

	it('keeps topics seen retained, forgets on an empty retained message, ignores live ones', () => {
		const tree = new TopicTree();
		const index = new RetainedIndex(tree);
		const feed = (m: MqttMessage) => {
			if (m.direction === 'in') tree.ingest(m);
			index.ingest(m);
		};
		for (const topic of ['a/b', 'a/b/c', 'a/b-c', 'a/bc', 'a/b0', 'z'])
			feed(message(topic, topic, true));
		feed(message('a/b/live', 'live', false));
		feed(message('a/b/mine', 'mine', true, 'out'));
		expect(index.topicsBelow('a/b')).toEqual(['a/b', 'a/b/c', 'a/b/mine']);
		// The tree's last message of a received topic, as the tree holds it.
		expect(index.get('a/b/c')).toEqual(tree.find('a/b/c')?.last);
		feed(message('a/b/c', '', true));
		feed(message('a/b', 'live update', false));
		expect(index.topicsBelow('a/b')).toEqual(['a/b', 'a/b/mine']);
		expect(new TextDecoder().decode(index.get('a/b')?.payload)).toBe('a/b');
		expect(index.window('', 1, 2)).toMatchObject({
			total: 6,
			entries: [{ topic: 'a/b-c' }, { topic: 'a/b/mine' }],
		});
	});
});
