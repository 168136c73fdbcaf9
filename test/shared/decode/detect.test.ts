import { describe, expect, it } from 'vitest';
import { gzipSync, zlibSync } from 'fflate';
import {
	contentEncodingProperty,
	fromContentType,
	sniffEncoding,
	sniffMagic,
} from '../../../shared/decode/detect';
import { imageInfo } from '../../../shared/decode/image';
import { makePng } from '../../helpers/samples';

const text = new TextEncoder();

describe('what the bytes and properties say', () => {
	it('finds gzip and zlib headers, and no header in text', () => {
		expect(sniffEncoding(gzipSync(text.encode('{"a":1}')))).toEqual({
			encoding: 'gzip',
			because: 'gzip header 1F 8B 08',
		});
		expect(sniffEncoding(zlibSync(text.encode('hello world')))?.encoding).toBe('zlib');
		expect(sniffEncoding(text.encode('{"a":1}'))).toBeNull();
		expect(sniffEncoding(text.encode('x'))).toBeNull();
	});

	it('knows a PNG by its magic bytes and reads its size', () => {
		const png = makePng(7, 3, () => [255, 0, 0]);
		expect(imageInfo(png)).toEqual({
			kind: 'PNG',
			mime: 'image/png',
			magic: '89 50 4E 47',
			width: 7,
			height: 3,
		});
		expect(sniffMagic(png)).toEqual({
			format: { kind: 'image' },
			because: 'PNG magic bytes 89 50 4E 47',
		});
	});

	it('reads JPEG, GIF and WebP sizes from their headers', () => {
		const jpeg = Uint8Array.from([
			0xff, 0xd8, 0xff, 0xe0, 0x00, 0x04, 0x00, 0x00, 0xff, 0xc0, 0x00, 0x11, 0x08, 0x00, 0x20,
			0x00, 0x40, 0x03,
		]);
		expect(imageInfo(jpeg)).toMatchObject({ kind: 'JPEG', width: 64, height: 32 });
		const gif = Uint8Array.from([...text.encode('GIF89a'), 0x0a, 0x00, 0x05, 0x00]);
		expect(imageInfo(gif)).toMatchObject({ kind: 'GIF', width: 10, height: 5 });
		const webp = new Uint8Array(30);
		webp.set(text.encode('RIFF'), 0);
		webp.set(text.encode('WEBPVP8L'), 8);
		// VP8L: 14 bits width-1, 14 bits height-1, little endian from byte 21.
		new DataView(webp.buffer).setUint32(21, 99 | (49 << 14), true);
		expect(imageInfo(webp)).toMatchObject({ kind: 'WebP', width: 100, height: 50 });
	});

	it('maps content types to decoders', () => {
		expect(fromContentType('application/json; charset=utf-8')).toMatchObject({
			format: { kind: 'json' },
			encoding: null,
		});
		expect(fromContentType('application/vnd.acme+json')).toMatchObject({
			format: { kind: 'json' },
		});
		expect(fromContentType('application/json+gzip')).toMatchObject({
			format: { kind: 'json' },
			encoding: 'gzip',
		});
		expect(fromContentType('application/x-protobuf; proto=sensors.Reading')).toMatchObject({
			format: { kind: 'protobuf', messageType: 'sensors.Reading' },
		});
		expect(fromContentType('application/protobuf')).toBeNull();
		expect(fromContentType('text/csv')).toMatchObject({ format: { kind: 'text' } });
		expect(fromContentType('image/png')).toMatchObject({ format: { kind: 'image' } });
		expect(fromContentType('application/vnd.unknown')).toBeNull();
	});

	it('reads a content-encoding user property as HTTP names it', () => {
		expect(contentEncodingProperty({ userProperties: [['Content-Encoding', 'gzip']] })).toBe(
			'gzip',
		);
		expect(contentEncodingProperty({ userProperties: [['content-encoding', 'deflate']] })).toBe(
			'zlib',
		);
		expect(contentEncodingProperty({ userProperties: [['unit', 'C']] })).toBeNull();
	});
});
