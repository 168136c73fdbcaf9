/**
 * The payload editors' rules: what each editor's text means as bytes, what bytes look like in each
 * editor (switching editors carries the payload over), and the words for what is wrong. Pure.
 *
 * Hex goes through the codec's parser (`00 12`, `0x00,0x12`, dumps…): one hex reader in the app.
 */
import { describeHexProblem, parseHex } from '../../../shared/mqtt/codec/hex';
import { payloadText } from '../../../shared/model/payload-text';
import { withSampleValues } from '../../../shared/model/publish-variables';

export type TextEditor = 'text' | 'json' | 'hex' | 'base64';

export type BytesResult =
	| { readonly ok: true; readonly bytes: Uint8Array }
	| { readonly ok: false; readonly message: string };

/** Payloads larger than this are not shown as hex or base64 text when switching editors. */
export const MAX_SHOWN_BYTES = 256 * 1024;

const BASE64_ALPHABET = /^[A-Za-z0-9+/]$/;

/** Bytes of base64 text (standard or URL-safe alphabet, padding optional, spaces ignored). */
export function parseBase64(text: string): BytesResult {
	const compact = text.replace(/\s+/g, '').replace(/-/g, '+').replace(/_/g, '/');
	const body = compact.replace(/=+$/, '');
	for (let i = 0; i < body.length; i++) {
		const character = body[i] ?? '';
		if (!BASE64_ALPHABET.test(character)) {
			return {
				ok: false,
				message: `Not base64: '${character}' (character ${i + 1}) is not in the base64 alphabet (A–Z, a–z, 0–9, + and /).`,
			};
		}
	}
	if (body.length % 4 === 1) {
		return {
			ok: false,
			message: `Not base64: ${body.length} characters cannot be whole bytes (one character too many or too few).`,
		};
	}
	const binary = atob(body + '='.repeat((4 - (body.length % 4)) % 4));
	const bytes = new Uint8Array(binary.length);
	for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
	return { ok: true, bytes };
}

export function toBase64(bytes: Uint8Array): string {
	let binary = '';
	for (let i = 0; i < bytes.length; i += 0x8000) {
		binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
	}
	return btoa(binary);
}

/** Hex as people read it: `00 12 ff`, sixteen bytes a line. */
export function toSpacedHex(bytes: Uint8Array): string {
	const lines: string[] = [];
	for (let i = 0; i < bytes.length; i += 16) {
		lines.push(
			[...bytes.subarray(i, i + 16)].map((byte) => byte.toString(16).padStart(2, '0')).join(' '),
		);
	}
	return lines.join('\n');
}

/** Checks JSON as it will be sent (variables such as `{{counter}}` count as their values). */
export function checkJson(text: string): string | null {
	if (text.trim() === '')
		return 'Empty JSON: write a value such as {} or switch to the text editor.';
	try {
		JSON.parse(withSampleValues(text));
		return null;
	} catch (error) {
		const detail = error instanceof Error ? error.message : String(error);
		return `Not valid JSON: ${detail}`;
	}
}

/** Indented JSON, or null when the text is not JSON by itself (a variable stands as a value). */
export function formatJson(text: string): string | null {
	try {
		return JSON.stringify(JSON.parse(text), null, 2);
	} catch {
		// Not plain JSON (or it uses a variable as a value): the text stays as written.
		return null;
	}
}

/** The bytes an editor's text stands for; text and JSON are UTF-8 (variables expanded later). */
export function bytesOfSource(editor: TextEditor, source: string): BytesResult {
	switch (editor) {
		case 'text':
			return { ok: true, bytes: new TextEncoder().encode(source) };
		case 'json': {
			const problem = checkJson(source);
			return problem === null
				? { ok: true, bytes: new TextEncoder().encode(source) }
				: { ok: false, message: problem };
		}
		case 'hex': {
			if (source.trim() === '') return { ok: true, bytes: new Uint8Array(0) };
			const parsed = parseHex(source);
			return parsed.ok
				? { ok: true, bytes: parsed.bytes }
				: { ok: false, message: `Not hex: ${describeHexProblem(parsed)}` };
		}
		case 'base64':
			return parseBase64(source);
	}
}

/** How `bytes` look in an editor, or null when they cannot be shown there (binary as text…). */
export function sourceOfBytes(editor: TextEditor, bytes: Uint8Array): string | null {
	if ((editor === 'hex' || editor === 'base64') && bytes.length > MAX_SHOWN_BYTES) return null;
	switch (editor) {
		case 'text':
			return payloadText(bytes);
		case 'json': {
			const text = payloadText(bytes);
			return text === null ? null : (formatJson(text) ?? text);
		}
		case 'hex':
			return toSpacedHex(bytes);
		case 'base64':
			return toBase64(bytes);
	}
}
