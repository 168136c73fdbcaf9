import { describe, expect, it } from 'vitest';
import { draftOfMessage, toPublishRequest } from '../../../main/publish/draft';

const values = { nowMs: 0, uuid: () => 'id', counter: 3 };

describe('toPublishRequest', () => {
	it('expands variables in the topic, a text payload and user property values, not in bytes', () => {
		const request = toPublishRequest(
			{
				topic: 'line/{{counter}}',
				payload: { kind: 'text', text: 'n={{counter}}' },
				editor: 'text',
				qos: 1,
				retain: true,
				properties: {
					userProperties: [
						['seq', '{{counter}}'],
						['{{counter}}', 'name stays'],
					],
				},
			},
			values,
		);
		expect(request).toEqual({
			topic: 'line/3',
			payload: new TextEncoder().encode('n=3'),
			qos: 1,
			retain: true,
			properties: {
				userProperties: [
					['seq', '3'],
					['{{counter}}', 'name stays'],
				],
			},
		});
		const bytes = new TextEncoder().encode('{{counter}}');
		const raw = toPublishRequest(
			{ topic: 't', payload: { kind: 'bytes', bytes }, editor: 'hex', qos: 0, retain: false },
			values,
		);
		expect(raw.payload).toBe(bytes);
		expect('properties' in raw).toBe(false);
	});
});

describe('draftOfMessage', () => {
	it('keeps bytes, QoS, retain and properties; drops subscription identifiers and the alias', () => {
		const draft = draftOfMessage({
			topic: 'a/b',
			payload: new Uint8Array([0, 1]),
			qos: 2,
			retain: true,
			properties: {
				subscriptionIdentifiers: [4],
				topicAlias: 9,
				contentType: 'x',
				userProperties: [['k', 'v']],
			},
		});
		expect(draft).toEqual({
			ok: true,
			value: {
				topic: 'a/b',
				payload: { kind: 'bytes', bytes: new Uint8Array([0, 1]) },
				editor: 'hex',
				qos: 2,
				retain: true,
				properties: { contentType: 'x', userProperties: [['k', 'v']] },
			},
		});
	});

	it('opens text in the text editor and JSON in the JSON editor', () => {
		const of = (text: string) =>
			draftOfMessage({
				topic: 't',
				payload: new TextEncoder().encode(text),
				qos: 0,
				retain: false,
				properties: { subscriptionIdentifiers: [1] },
			});
		expect(of('{"a":1}')).toMatchObject({ ok: true, value: { editor: 'json' } });
		expect(of('21.5')).toEqual({
			ok: true,
			value: {
				topic: 't',
				payload: { kind: 'text', text: '21.5' },
				editor: 'text',
				qos: 0,
				retain: false,
			},
		});
	});
});
