/**
 * Images a message view shows inline: PNG, JPEG, GIF and WebP, known by their magic bytes, with
 * their size in pixels read from the header (a browser would tell too, but only once loaded, and
 * a header that lies is worth saying so before).
 */

export type ImageKind = 'PNG' | 'JPEG' | 'GIF' | 'WebP';

export interface ImageInfo {
	readonly kind: ImageKind;
	readonly mime: string;
	/** The magic bytes that identified it, as hex pairs. */
	readonly magic: string;
	readonly width: number | null;
	readonly height: number | null;
}

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function startsWith(bytes: Uint8Array, prefix: readonly number[], at = 0): boolean {
	if (bytes.length < at + prefix.length) return false;
	return prefix.every((byte, i) => bytes[at + i] === byte);
}

function ascii(bytes: Uint8Array, at: number, length: number): string {
	return String.fromCharCode(...bytes.subarray(at, at + length));
}

/** Hex pairs in capitals, spaced: "89 50 4E 47". */
export function hexPairs(bytes: Uint8Array, count: number): string {
	return [...bytes.subarray(0, count)]
		.map((byte) => byte.toString(16).padStart(2, '0').toUpperCase())
		.join(' ');
}

function view(bytes: Uint8Array): DataView {
	return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Width and height from a JPEG's first start-of-frame marker (SOF0–SOF15 but DHT, JPG, DAC). */
function jpegSize(bytes: Uint8Array): { width: number; height: number } | null {
	const data = view(bytes);
	let at = 2;
	// Each segment: FF, marker, 2-byte big-endian length (including itself), body. Bounded by the bytes.
	while (at + 9 < bytes.length) {
		if (bytes[at] !== 0xff) return null;
		const marker = bytes[at + 1] as number;
		if (marker === 0xff) {
			at += 1;
			continue;
		}
		const isFrame =
			marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
		if (isFrame) {
			return { height: data.getUint16(at + 5), width: data.getUint16(at + 7) };
		}
		at += 2 + data.getUint16(at + 2);
	}
	return null;
}

function webpSize(bytes: Uint8Array): { width: number; height: number } | null {
	const data = view(bytes);
	const chunk = ascii(bytes, 12, 4);
	if (chunk === 'VP8X' && bytes.length >= 30) {
		const width = 1 + (data.getUint16(24, true) | ((bytes[26] as number) << 16));
		const height = 1 + (data.getUint16(27, true) | ((bytes[29] as number) << 16));
		return { width, height };
	}
	if (chunk === 'VP8 ' && bytes.length >= 30) {
		return { width: data.getUint16(26, true) & 0x3fff, height: data.getUint16(28, true) & 0x3fff };
	}
	if (chunk === 'VP8L' && bytes.length >= 25) {
		const bits = data.getUint32(21, true);
		return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
	}
	return null;
}

/** The image in `bytes` by its magic bytes, or null when it is none of the four. */
export function imageInfo(bytes: Uint8Array): ImageInfo | null {
	if (startsWith(bytes, PNG)) {
		const hasHeader = bytes.length >= 24 && ascii(bytes, 12, 4) === 'IHDR';
		const data = view(bytes);
		return {
			kind: 'PNG',
			mime: 'image/png',
			magic: hexPairs(bytes, 4),
			width: hasHeader ? data.getUint32(16) : null,
			height: hasHeader ? data.getUint32(20) : null,
		};
	}
	if (startsWith(bytes, [0xff, 0xd8, 0xff])) {
		const size = jpegSize(bytes);
		return {
			kind: 'JPEG',
			mime: 'image/jpeg',
			magic: hexPairs(bytes, 3),
			width: size?.width ?? null,
			height: size?.height ?? null,
		};
	}
	if (bytes.length >= 6 && (ascii(bytes, 0, 6) === 'GIF87a' || ascii(bytes, 0, 6) === 'GIF89a')) {
		const hasSize = bytes.length >= 10;
		const data = view(bytes);
		return {
			kind: 'GIF',
			mime: 'image/gif',
			magic: hexPairs(bytes, 6),
			width: hasSize ? data.getUint16(6, true) : null,
			height: hasSize ? data.getUint16(8, true) : null,
		};
	}
	if (bytes.length >= 16 && ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP') {
		const size = webpSize(bytes);
		return {
			kind: 'WebP',
			mime: 'image/webp',
			magic: `${hexPairs(bytes, 4)} … 57 45 42 50`,
			width: size?.width ?? null,
			height: size?.height ?? null,
		};
	}
	return null;
}
