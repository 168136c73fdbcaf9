import { Encoder } from 'cbor-x';
import { encode as encodeMsgpack } from '@msgpack/msgpack';
import { deflateSync, gzipSync, zlibSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { DecodeChoice, DecodedPayload, TreeRow } from '../../../shared/decode/decoder';
import type { Binding } from '../../../shared/decode/binding';
import type { MessageProperties } from '../../../shared/model/message';
import { decodePayload } from '../../../main/decoders/pipeline';
import { compileProtoFiles, type ProtoSchemas } from '../../../main/decoders/proto-schemas';
import { inflate } from '../../../main/decoders/formats';
import { makePng } from '../../helpers/samples';

const text = new TextEncoder();
// As devices write CBOR: no cbor-x record extension.
const encodeCbor = (value: unknown): Uint8Array => new Encoder({ useRecords: false }).encode(value);
const auto: DecodeChoice = { kind: 'auto' };

function decode(
	payload: Uint8Array,
	options: {
		topic?: string;
		choice?: DecodeChoice;
		properties?: MessageProperties;
		bindings?: Binding[];
		schemas?: ProtoSchemas;
	} = {},
): DecodedPayload {
	return decodePayload({
		topic: options.topic ?? 'plant/line1/sensor',
		payload,
		properties: options.properties,
		choice: options.choice ?? auto,
		bindings: options.bindings ?? [],
		schemas: options.schemas ?? null,
	});
}

const chosen = (
	format: Extract<DecodeChoice, { kind: 'decoder' }>['decoder']['format'],
): DecodeChoice => ({
	kind: 'decoder',
	decoder: { format },
});

/** The tree's rows as [key, text] pairs, for comparing values. */
function leaves(result: DecodedPayload): [string | number | null, string][] {
	if (result.content.kind !== 'tree') throw new Error(`not a tree: ${result.content.kind}`);
	return result.content.tree.rows
		.filter((row: TreeRow) => row.text !== '')
		.map((row) => [row.key, row.text]);
}

function stageLabels(result: DecodedPayload): string[] {
	return result.stages.map((stage) => `${stage.stage}:${stage.label}`);
}

describe('decode pipeline with real payloads', () => {
	it('inflates a gzip JSON and says so at each stage', () => {
		const result = decode(gzipSync(text.encode('{"temperature":21.5,"unit":"C","ok":true}')));
		expect(stageLabels(result)).toEqual(['encoding:gzip', 'format:JSON', 'schema:none']);
		expect(result.stages[0]?.because).toBe('gzip header 1F 8B 08');
		expect(result.stages[1]?.because).toBe('it parses as JSON');
		expect(leaves(result)).toEqual([
			['temperature', '21.5'],
			['unit', '"C"'],
			['ok', 'true'],
		]);
		expect(result.failure).toBeNull();
		expect(result.decodedBytes).toBe(41);
	});

	it('decodes a CBOR map (keys of any type kept, tags named)', () => {
		const map = new Map<unknown, unknown>([
			['temp', 21.5],
			[1, 'one'],
			['when', new Date(Date.UTC(2024, 0, 2))],
		]);
		const result = decode(encodeCbor(map));
		expect(stageLabels(result)).toEqual(['encoding:none', 'format:CBOR', 'schema:none']);
		expect(leaves(result)).toEqual([
			['temp', '21.5'],
			['1', '"one"'],
			['when', '2024-01-02T00:00:00.000Z'],
		]);
	});

	it('decodes a MessagePack map with a uint64 exactly', () => {
		const result = decode(encodeMsgpack({ id: 7, big: 2n ** 64n - 1n }, { useBigInt64: true }));
		expect(result.stages[1]).toEqual({
			stage: 'format',
			label: 'MessagePack',
			because: 'the bytes are one complete MessagePack map or array (not JSON or CBOR)',
		});
		expect(leaves(result)).toEqual([
			['id', '7'],
			['big', '18446744073709551615'],
		]);
	});

	it('decodes a protobuf message with a user .proto bound to the topic', () => {
		const schemas = compileProtoFiles([
			{
				name: 'sensors.proto',
				text: `syntax = "proto3";
package sensors;
import "google/protobuf/timestamp.proto";
message Reading {
  string device_id = 1;
  double celsius = 2;
  uint64 counter = 3;
  enum State { UNKNOWN = 0; RUNNING = 1; }
  State state = 4;
  repeated sint32 samples = 5;
  google.protobuf.Timestamp at = 6;
}`,
			},
		]);
		expect(schemas.files[0]?.problems).toEqual([]);
		expect(schemas.messageTypes).toEqual(['sensors.Reading']);
		const Reading = schemas.root.lookupType('sensors.Reading');
		const payload = Reading.encode(
			Reading.fromObject({
				device_id: 'pump-7',
				celsius: 48.25,
				counter: '18446744073709551615',
				state: 'RUNNING',
				samples: [-1, 2, -3],
				at: { seconds: 1_700_000_000, nanos: 5 },
			}),
		).finish();
		const bindings: Binding[] = [
			{
				filter: 'plant/#',
				decoder: { format: { kind: 'protobuf', messageType: 'sensors.Reading' } },
			},
		];
		const result = decode(payload, { bindings, schemas });
		expect(stageLabels(result)).toEqual([
			'encoding:none',
			'format:Protocol Buffers',
			'schema:sensors.Reading',
		]);
		expect(result.stages[2]?.because).toBe('bound to plant/#');
		expect(result.binding).toBe('plant/#');
		expect(leaves(result)).toEqual([
			['device_id', '"pump-7"'],
			['celsius', '48.25'],
			['counter', '18446744073709551615'],
			['state', '"RUNNING"'],
			[0, '-1'],
			[1, '2'],
			[2, '-3'],
			['seconds', '1700000000'],
			['nanos', '5'],
		]);
	});

	it('reports .proto problems per file: syntax with its line, a missing import', () => {
		const schemas = compileProtoFiles([
			{ name: 'bad.proto', text: 'syntax = "proto3";\nmessage A {\n  strin x = 1\n}' },
			{
				name: 'uses.proto',
				text: 'syntax = "proto3";\nimport "missing.proto";\nmessage B { int32 x = 1; }',
			},
		]);
		expect(schemas.files[0]?.problems[0]).toBe(
			"bad.proto: illegal token '}', ';' expected (line 4)",
		);
		expect(schemas.files[1]?.problems).toEqual([
			'imports "missing.proto", which is not among the .proto files: add it.',
		]);
		expect(schemas.messageTypes).toEqual(['B']);
	});

	it('shows a PNG inline with its size from the header', () => {
		const png = makePng(4, 2, (x, y) => [x * 60, y * 120, 200]);
		const result = decode(png);
		expect(result.stages[1]).toEqual({
			stage: 'format',
			label: 'PNG',
			because: 'PNG magic bytes 89 50 4E 47',
		});
		expect(result.content).toMatchObject({
			kind: 'image',
			mime: 'image/png',
			width: 4,
			height: 2,
			sizeBytes: png.length,
		});
		if (result.content.kind === 'image')
			expect(Buffer.from(result.content.bytes ?? []).equals(png)).toBe(true);
	});

	it('reads numbers in both byte orders when chosen, and refuses a ragged length', () => {
		const payload = Uint8Array.from([0x01, 0x00, 0xff, 0xff]);
		const le = decode(payload, { choice: chosen({ kind: 'number', type: 'int16', endian: 'le' }) });
		expect(le.content).toEqual({
			kind: 'numbers',
			type: 'int16',
			endian: 'le',
			values: ['1', '-1'],
			count: 2,
		});
		expect(le.stages[1]?.label).toBe('16-bit int, little endian');
		const be = decode(payload, {
			choice: chosen({ kind: 'number', type: 'uint16', endian: 'be' }),
		});
		expect(be.content).toMatchObject({ values: ['256', '65535'] });
		const ragged = decode(payload.subarray(0, 3), {
			choice: chosen({ kind: 'number', type: 'int16', endian: 'le' }),
		});
		expect(ragged.failure).toEqual({
			stage: 'format',
			reason: '3 bytes are not a whole number of 2-byte values (1 byte left over).',
		});
		// Never an empty object: the bytes are shown instead.
		expect(ragged.content).toMatchObject({ kind: 'hex', sizeBytes: 3 });
	});

	it('flags a chosen decoder that fails, with the reason, and shows the bytes', () => {
		const result = decode(text.encode('temperature=21'), { choice: chosen({ kind: 'json' }) });
		expect(result.failure?.stage).toBe('format');
		expect(result.failure?.reason).toBe(
			'Not JSON: Unexpected "t", expected a value at line 1, column 1.',
		);
		expect(result.stages[1]).toMatchObject({ label: 'JSON', because: 'you chose it' });
		expect(result.content).toMatchObject({ kind: 'text', text: 'temperature=21' });
	});

	it('flags a content type the payload does not live up to', () => {
		const result = decode(encodeCbor({ a: 1 }), {
			properties: { contentType: 'application/json' },
		});
		expect(result.stages[1]).toMatchObject({
			label: 'JSON',
			because: 'content type "application/json"',
		});
		expect(result.failure?.reason).toBe('Not JSON: byte 0 (B9) is not UTF-8.');
	});

	it('flags a payload format indicator of 1 on bytes that are not UTF-8', () => {
		const result = decode(Uint8Array.from([0x68, 0x69, 0xff]), {
			properties: { payloadFormatIndicator: 1 },
		});
		expect(result.failure).toEqual({
			stage: 'format',
			reason: 'The payload format indicator says UTF-8, but byte 2 (FF) is not UTF-8.',
		});
		expect(result.content.kind).toBe('hex');
	});

	it('undoes zlib and raw deflate; a corrupt stream fails at the encoding stage', () => {
		expect(decode(zlibSync(text.encode('on'))).content).toMatchObject({ kind: 'text', text: 'on' });
		const raw = decode(deflateSync(text.encode('[1,2]')), {
			choice: { kind: 'decoder', decoder: { format: { kind: 'json' }, encoding: 'deflate' } },
		});
		expect(stageLabels(raw)).toEqual(['encoding:raw deflate', 'format:JSON', 'schema:none']);
		// A flipped bit in the compressed data: it may still inflate, but not to its CRC-32.
		const corrupt = gzipSync(text.encode('hello hello hello'));
		corrupt[12] = (corrupt[12] as number) ^ 0x01;
		const bad = decode(corrupt, {
			choice: { kind: 'decoder', decoder: { format: { kind: 'text' }, encoding: 'gzip' } },
		});
		expect(bad.failure?.stage).toBe('encoding');
		expect(bad.failure?.reason).toMatch(/^Not (valid )?gzip data/);
		const badCrc = gzipSync(text.encode('hello'));
		badCrc[badCrc.length - 8] = (badCrc[badCrc.length - 8] as number) ^ 0xff;
		expect(inflate(badCrc, 'gzip')).toMatchObject({
			ok: false,
			error: { message: 'Not valid gzip data: its CRC-32 does not match: the data is damaged.' },
		});
		const zlib = zlibSync(text.encode('hello'));
		zlib[zlib.length - 1] = (zlib[zlib.length - 1] as number) ^ 0xff;
		expect(inflate(zlib, 'zlib')).toMatchObject({
			ok: false,
			error: {
				message: 'Not valid zlib data: its Adler-32 checksum does not match: the data is damaged.',
			},
		});
		expect(bad.stages[1]).toMatchObject({ label: 'not reached' });
	});

	it('stops inflating a bomb at its limit instead of filling memory', () => {
		const bomb = gzipSync(new Uint8Array(2 * 1024 * 1024));
		const result = inflate(bomb, 'gzip', 1024 * 1024);
		expect(result).toMatchObject({
			ok: false,
			error: { message: 'The gzip data inflates to more than 1 MB; it was not decoded further.' },
		});
	});

	it('picks JSON, CBOR, MessagePack, text, hex in that order, and tells text from binary', () => {
		expect(decode(text.encode('72.5')).stages[1]?.label).toBe('JSON');
		// 'a' is also MessagePack 97, but only containers are taken for CBOR and MessagePack.
		expect(decode(text.encode('a')).stages[1]).toMatchObject({
			label: 'text',
			because: 'it is UTF-8 text, not JSON',
		});
		expect(decode(Uint8Array.from([0, 1, 2, 0xff])).stages[1]).toMatchObject({
			label: 'hex',
			because: 'not text: byte 3 (FF) is not UTF-8',
		});
		expect(decode(Uint8Array.from([0x61, 0x00])).stages[1]?.because).toBe(
			'not text: it holds a control character (U+0000)',
		);
		expect(decode(new Uint8Array(0)).stages[1]).toMatchObject({ label: 'empty' });
	});

	it('decodes base64 text and then what is inside it', () => {
		const png = makePng(1, 1, () => [0, 0, 0]);
		const result = decode(text.encode(png.toString('base64')), {
			choice: chosen({ kind: 'base64' }),
		});
		expect(result.stages[1]?.label).toBe('base64 → PNG');
		expect(result.content).toMatchObject({ kind: 'image', width: 1, height: 1 });
		const bad = decode(text.encode('not*base64'), { choice: chosen({ kind: 'base64' }) });
		expect(bad.failure?.reason).toBe('Not base64: the character "*" at position 3.');
	});

	it('asks for a .proto file when none is loaded', () => {
		const result = decode(Uint8Array.from([8, 1]), {
			choice: chosen({ kind: 'protobuf', messageType: 'a.B' }),
		});
		expect(result.failure?.reason).toBe(
			'No .proto files are loaded: add the file that declares a.B.',
		);
	});
});
