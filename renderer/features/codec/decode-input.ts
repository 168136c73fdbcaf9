/** From the text in the decode box and the chosen protocol level to a decoded frame. Pure. */
import { decodeFrame, parseHex } from '../../../shared/mqtt/codec';
import type { DecodedFrame, ProtocolLevel } from '../../../shared/mqtt/codec/types';

export type LevelChoice = 'auto' | ProtocolLevel;

export const LEVEL_CHOICES: readonly { readonly value: LevelChoice; readonly label: string }[] = [
	{ value: 'auto', label: 'Auto' },
	{ value: 3, label: '3.1' },
	{ value: 4, label: '3.1.1' },
	{ value: 5, label: '5.0' },
];

export type DecodeResult =
	| { readonly kind: 'empty' }
	| { readonly kind: 'not-hex'; readonly message: string }
	| {
			readonly kind: 'frame';
			readonly bytes: Uint8Array;
			readonly frame: DecodedFrame;
			/** Why this level was used when the choice was Auto; undefined otherwise. */
			readonly autoReason?: string;
	  };

const CONNECT_TYPE = 1;

/**
 * The level Auto decodes with, and why.
 *
 * A CONNECT states its own level. Any other frame is read as 3.1.1 unless that fails and 5.0 reads
 * it cleanly (an AUTH, a v5 reason code or properties that 3.1.1 cannot place): a 5.0 frame that
 * also reads cleanly as 3.1.1 cannot be told apart, so the user picks 5.0 for it.
 */
function autoDecode(bytes: Uint8Array): { frame: DecodedFrame; autoReason: string } {
	const asV4 = decodeFrame(bytes, { protocolLevel: 4 });
	if ((bytes[0] ?? 0) >> 4 === CONNECT_TYPE) {
		return { frame: asV4, autoReason: 'the level the CONNECT states' };
	}
	if (asV4.error !== undefined) {
		const asV5 = decodeFrame(bytes, { protocolLevel: 5 });
		if (asV5.error === undefined) {
			return { frame: asV5, autoReason: 'it does not decode as 3.1.1 but does as 5.0' };
		}
	}
	return { frame: asV4, autoReason: 'the default; choose 5.0 for an MQTT 5 packet' };
}

/** Parses the text as bytes and decodes them as one frame at the chosen level. */
export function decodeInput(text: string, level: LevelChoice): DecodeResult {
	if (text.trim().length === 0) return { kind: 'empty' };
	const parsed = parseHex(text);
	if (!parsed.ok) return { kind: 'not-hex', message: parsed.message };
	if (level !== 'auto') {
		return {
			kind: 'frame',
			bytes: parsed.bytes,
			frame: decodeFrame(parsed.bytes, { protocolLevel: level }),
		};
	}
	return { kind: 'frame', bytes: parsed.bytes, ...autoDecode(parsed.bytes) };
}

/** 'MQTT 3.1', 'MQTT 3.1.1' or 'MQTT 5.0'. */
export function levelName(level: ProtocolLevel): string {
	return level === 3 ? 'MQTT 3.1' : level === 4 ? 'MQTT 3.1.1' : 'MQTT 5.0';
}
