import { describe, expect, it } from 'vitest';
import {
	bytesOfSource,
	checkJson,
	parseBase64,
	sourceOfBytes,
	toBase64,
} from '../../../renderer/features/publish/payload-editor';
import {
	checkForm,
	EMPTY_FORM,
	formOfDraft,
	switchEditor,
	type PublishForm,
} from '../../../renderer/features/publish/publish-form';

const form = (overrides: Partial<PublishForm>): PublishForm => ({
	...EMPTY_FORM,
	topic: 'a/b',
	...overrides,
});
const sources = (editor: keyof PublishForm['sources'], text: string) => ({
	editor,
	sources: { ...EMPTY_FORM.sources, [editor]: text },
});

describe('payload editors', () => {
	it.each([
		['hex', '00 12', [0x00, 0x12]],
		['hex', '0x00,0x12', [0x00, 0x12]],
		['hex', '', []],
		['base64', 'ABL/', [0x00, 0x12, 0xff]],
		['base64', 'ABL_', [0x00, 0x12, 0xff]],
		['base64', 'AB L/\n', [0x00, 0x12, 0xff]],
		['base64', 'AA', [0x00]],
		['text', 'é', [0xc3, 0xa9]],
	] as const)('%s %j → %j', (editor, source, bytes) => {
		const parsed = bytesOfSource(editor, source);
		expect(parsed.ok && [...parsed.bytes]).toEqual(bytes);
	});

	it.each([
		['hex', '00 1g', "Not hex: Line 1, column 5: 'g' is not a hex digit."],
		[
			'base64',
			'AB!L',
			"Not base64: '!' (character 3) is not in the base64 alphabet (A–Z, a–z, 0–9, + and /).",
		],
		[
			'base64',
			'ABCDE',
			'Not base64: 5 characters cannot be whole bytes (one character too many or too few).',
		],
		['json', '', 'Empty JSON: write a value such as {} or switch to the text editor.'],
	] as const)('%s %j is refused: %s', (editor, source, message) => {
		expect(bytesOfSource(editor, source)).toEqual({ ok: false, message });
	});

	it('checks JSON with variables as the values they become', () => {
		expect(checkJson('{"n": {{counter}}, "at": "{{now}}"}')).toBeNull();
		expect(checkJson('{"n": }')).toMatch(/^Not valid JSON: /);
	});

	it('shows bytes in each editor, or says it cannot', () => {
		const bytes = new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x31, 0x7d]);
		expect(sourceOfBytes('json', bytes)).toBe('{\n  "a": 1\n}');
		expect(sourceOfBytes('hex', bytes)).toBe('7b 22 61 22 3a 31 7d');
		expect(sourceOfBytes('text', new Uint8Array([0, 1]))).toBeNull();
		expect(toBase64(new Uint8Array([0, 0x12, 0xff]))).toBe('ABL/');
		expect(parseBase64(toBase64(new Uint8Array(70_000).fill(7)))).toMatchObject({ ok: true });
	});
});

describe('checkForm', () => {
	it.each([
		['', 'Empty topic: a topic name needs at least one character.'],
		[
			'a/+/b',
			"A topic name must not contain the wildcard '+'; wildcards are only for subscriptions.",
		],
		[
			'a/#',
			"A topic name must not contain the wildcard '#'; wildcards are only for subscriptions.",
		],
		['a\u0000b', 'A topic name must not contain the null character U+0000.'],
		['x'.repeat(65_536), 'A topic name must not be longer than 65,535 bytes in UTF-8.'],
	])('refuses the topic %j: %s', (topic, message) => {
		const checked = checkForm(form({ topic }), 5);
		expect(checked.draft).toBeNull();
		expect(checked.problems.topic).toBe(message);
	});

	it('builds a draft with every MQTT 5 property, user properties in order', () => {
		const checked = checkForm(
			form({
				...sources('hex', '00 12'),
				qos: 1,
				retain: true,
				payloadFormat: '0',
				expirySeconds: '60',
				contentType: 'application/octet-stream',
				responseTopic: 'replies/me',
				correlation: 'ab cd',
				correlationMode: 'hex',
				topicAlias: '3',
				userProperties: [
					['a', '1'],
					['', ''],
					['b', '2'],
					['a', '3'],
				],
			}),
			5,
		);
		expect(checked).toEqual({
			problems: {},
			draft: {
				topic: 'a/b',
				payload: { kind: 'bytes', bytes: new Uint8Array([0x00, 0x12]) },
				editor: 'hex',
				qos: 1,
				retain: true,
				properties: {
					payloadFormatIndicator: 0,
					messageExpiryIntervalSeconds: 60,
					contentType: 'application/octet-stream',
					responseTopic: 'replies/me',
					correlationData: new Uint8Array([0xab, 0xcd]),
					topicAlias: 3,
					userProperties: [
						['a', '1'],
						['b', '2'],
						['a', '3'],
					],
				},
			},
		});
	});

	it('names each bad property; MQTT 3.1.1 ignores properties', () => {
		const bad = form({
			expirySeconds: '-1',
			topicAlias: '0',
			responseTopic: 'r/#',
			correlation: 'zz',
			correlationMode: 'hex',
		});
		expect(checkForm(bad, 5).problems).toEqual({
			expirySeconds: 'Message expiry: a whole number of seconds from 0 to 4,294,967,295.',
			topicAlias: 'Topic alias: a whole number from 1 to 65,535.',
			responseTopic:
				"Response topic: A topic name must not contain the wildcard '#'; wildcards are only for subscriptions.",
			correlation: "Correlation data, not hex: Line 1, column 1: 'z' is not a hex digit.",
		});
		expect(checkForm(bad, 4)).toEqual({
			problems: {},
			draft: {
				topic: 'a/b',
				payload: { kind: 'text', text: '' },
				editor: 'text',
				qos: 0,
				retain: false,
			},
		});
	});

	it('asks for a file in the file editor and keeps its name', () => {
		expect(checkForm(form({ editor: 'file' }), 5).problems.payload).toBe('Choose a file to send.');
		const checked = checkForm(
			form({ editor: 'file', file: { name: 'fw.bin', bytes: new Uint8Array([1]) } }),
			5,
		);
		expect(checked.draft).toMatchObject({ editor: 'file', fileName: 'fw.bin' });
	});
});

describe('editors and drafts', () => {
	it('carries the payload over when switching editors', () => {
		const text = form(sources('text', 'hi'));
		const hex = switchEditor(text, 'hex');
		expect(hex.sources.hex).toBe('68 69');
		expect(switchEditor(hex, 'base64').sources.base64).toBe('aGk=');
		const binary = form(sources('hex', '00 ff'));
		expect(switchEditor(binary, 'text')).toEqual({ ...binary, editor: 'text' });
	});

	it('opens a draft in the editor it was written in, correlation data as text or hex', () => {
		const opened = formOfDraft({
			topic: 't',
			payload: { kind: 'bytes', bytes: new Uint8Array([0, 0x12]) },
			editor: 'hex',
			qos: 2,
			retain: false,
			properties: { correlationData: new Uint8Array([0xff]), userProperties: [['k', 'v']] },
		});
		expect(opened).toMatchObject({
			editor: 'hex',
			sources: { hex: '00 12' },
			qos: 2,
			correlation: 'ff',
			correlationMode: 'hex',
			userProperties: [['k', 'v']],
		});
		expect(checkForm(opened, 5).draft?.properties?.correlationData).toEqual(new Uint8Array([0xff]));
	});
});
