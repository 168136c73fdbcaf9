import { describe, expect, it } from 'vitest';
import { TopicTree } from '../../../main/topics/topic-tree';
import { TopicMessageView } from '../../../main/topics/message-view';
import { message } from '../../helpers/message';

describe('TopicMessageView', () => {
	it('answers null before the topic has a message, then the message once it has', () => {
		const tree = new TopicTree();
		const view = new TopicMessageView(tree, 'plant/boiler');
		expect(view.snapshot()).toEqual({ message: null });
		tree.ingest(message('plant/boiler/temp', '70'));
		expect(view.poll()).toBeNull();
		tree.ingest(message('plant/boiler', 'on', { qos: 1, retain: true, timeMs: 5 }));
		expect(view.poll()?.message).toMatchObject({
			topic: 'plant/boiler',
			qos: 1,
			retain: true,
			receivedAt: 5,
			receivedAtUs: 5_000,
			messageCount: 1,
		});
	});

	it('stays silent while other topics receive messages: it never resends or blanks its own', () => {
		const tree = new TopicTree();
		tree.ingest(message('a/selected', 'kept', { retain: true }));
		const view = new TopicMessageView(tree, 'a/selected');
		expect(view.snapshot().message?.payloadPreview).toEqual(new TextEncoder().encode('kept'));
		for (let i = 0; i < 500; i++) {
			tree.ingest(message(`a/other/${i % 20}`, String(i)));
			expect(view.poll()).toBeNull();
		}
		tree.ingest(message('a/selected', 'next'));
		expect(new TextDecoder().decode(view.poll()?.message?.payloadPreview)).toBe('next');
	});

	it('carries the MQTT 5 properties and previews long payloads honestly', () => {
		const tree = new TopicTree();
		const properties = {
			userProperties: [
				['a', '1'],
				['a', '2'],
			] as const,
			contentType: 'application/octet-stream',
		};
		tree.ingest(message('big', new Uint8Array(100_000).fill(7), { properties }));
		const shown = new TopicMessageView(tree, 'big').snapshot().message;
		expect(shown?.properties).toEqual(properties);
		expect(shown?.sizeBytes).toBe(100_000);
		expect(shown?.truncated).toBe(true);
		expect(shown?.payloadPreview.length).toBe(64 * 1024);
	});
});
