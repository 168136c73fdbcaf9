/**
 * Real sample payloads for decoder tests, built with the formats' own rules: a PNG (zlib-deflated
 * scanlines, CRC-32 per chunk), Sparkplug B BIRTH/DATA payloads through the Sparkplug schema.
 */
import { zlibSync } from 'fflate';
import { DATA_TYPE, encodeSparkplugPayload } from '../../main/sparkplug/payload';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
	let c = n;
	for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
	return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
	let crc = 0xffffffff;
	for (const byte of bytes) crc = (CRC_TABLE[(crc ^ byte) & 0xff] as number) ^ (crc >>> 8);
	return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
	const head = Buffer.alloc(8);
	head.writeUInt32BE(data.length, 0);
	head.write(type, 4, 'ascii');
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
	return Buffer.concat([head, data, crc]);
}

/** A truecolour PNG, `width`×`height`, each pixel from `pixel(x, y)` as [r, g, b]. */
export function makePng(
	width: number,
	height: number,
	pixel: (x: number, y: number) => readonly [number, number, number],
): Buffer {
	const header = Buffer.alloc(13);
	header.writeUInt32BE(width, 0);
	header.writeUInt32BE(height, 4);
	header[8] = 8; // bit depth
	header[9] = 2; // colour type: truecolour
	const raw = Buffer.alloc(height * (1 + width * 3));
	for (let y = 0; y < height; y++) {
		const row = y * (1 + width * 3);
		raw[row] = 0; // filter: none
		for (let x = 0; x < width; x++) {
			const [r, g, b] = pixel(x, y);
			raw.set([r, g, b], row + 1 + x * 3);
		}
	}
	return Buffer.concat([
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		chunk('IHDR', header),
		chunk('IDAT', zlibSync(raw)),
		chunk('IEND', new Uint8Array(0)),
	]);
}

export const SPARKPLUG_TIME = 1_700_000_000_000;

/** An NBIRTH naming node metrics with aliases 1 and 2 (bdSeq and Node Control/Rebirth as the spec asks). */
export function nbirth(seq: number, bdSeq: number): Uint8Array {
	return encodeSparkplugPayload({
		timestamp: SPARKPLUG_TIME,
		seq,
		metrics: [
			{ name: 'bdSeq', datatype: DATA_TYPE.UInt64, value: BigInt(bdSeq) },
			{ name: 'Node Control/Rebirth', datatype: DATA_TYPE.Boolean, value: false },
			{ name: 'Temperature', alias: 1, datatype: 10, value: 21.5 },
			{ name: 'Pump/Running', alias: 2, datatype: DATA_TYPE.Boolean, value: false },
		],
	});
}

/** A DBIRTH for a device with a metric under alias 3. */
export function dbirth(seq: number): Uint8Array {
	return encodeSparkplugPayload({
		timestamp: SPARKPLUG_TIME,
		seq,
		metrics: [{ name: 'Flow/Rate', alias: 3, datatype: 9, value: 1.25 }],
	});
}

/** A DATA message with aliases only, as an edge node sends after its BIRTH. */
export function dataByAlias(
	seq: number,
	values: readonly { alias: number; datatype: number; value: number | boolean }[],
): Uint8Array {
	return encodeSparkplugPayload({
		timestamp: SPARKPLUG_TIME + seq,
		seq,
		metrics: values.map(({ alias, datatype, value }) => ({ alias, datatype, value })),
	});
}

/** An NDEATH carrying its session's bdSeq. */
export function ndeath(bdSeq: number): Uint8Array {
	return encodeSparkplugPayload({
		timestamp: SPARKPLUG_TIME,
		metrics: [{ name: 'bdSeq', datatype: DATA_TYPE.UInt64, value: BigInt(bdSeq) }],
	});
}
