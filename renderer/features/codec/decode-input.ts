/** From the text in the decode box and the chosen protocol level to a decoded frame. Pure. */
import {
	chooseLevel,
	decodeFrame,
	describeHexProblem,
	parseHex,
	type HexPosition,
	type LevelBasis,
} from '../../../shared/mqtt/codec';
import type { DecodedFrame, ProtocolLevel } from '../../../shared/mqtt/codec/types';

export type LevelChoice = 'auto' | ProtocolLevel;

export const LEVEL_CHOICES: readonly { readonly value: LevelChoice; readonly label: string }[] = [
	{ value: 'auto', label: 'Auto' },
	{ value: 3, label: '3.1' },
	{ value: 4, label: '3.1.1' },
	{ value: 5, label: '5.0' },
];

/** What Auto decided (shared/mqtt/codec/choose-level.ts has the rule). */
export interface AutoNote {
	/** The level Auto reads the bytes at. */
	readonly level: ProtocolLevel;
	readonly basis: LevelBasis;
	readonly reason: string;
	/** The other level, when it also reads the bytes without error but differently. */
	readonly otherLevel?: ProtocolLevel;
	/** Whether the frame shown is the other level's reading, because the user asked for it. */
	readonly isOtherShown: boolean;
}

/** The line around a problem in the text, cut to fit, with the culprit apart to mark it. */
export interface HexExcerpt {
	readonly before: string;
	/** The culprit; an invisible character is shown by its code point, e.g. 'U+200B'. */
	readonly marked: string;
	readonly after: string;
	/** Spaces then '^' under the culprit, for a monospace line below the excerpt. */
	readonly caret: string;
}

export type DecodeResult =
	| { readonly kind: 'empty' }
	| {
			readonly kind: 'not-hex';
			/** With the line and column when one character or token is to blame. */
			readonly message: string;
			readonly position?: HexPosition;
			readonly excerpt?: HexExcerpt;
	  }
	| {
			readonly kind: 'frame';
			readonly bytes: Uint8Array;
			readonly frame: DecodedFrame;
			/** Present when the choice was Auto. */
			readonly auto?: AutoNote;
	  };

/** Characters of context kept on each side of the culprit. */
const EXCERPT_SIDE = 24;

function visible(text: string): string {
	return Array.from(text)
		.map((character) =>
			/^[\p{L}\p{N}\p{P}\p{S} ]$/u.test(character)
				? character
				: `U+${(character.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`,
		)
		.join('');
}

/**
 * The culprit's line with up to EXCERPT_SIDE characters on each side ('…' where cut).
 *
 * Tabs become spaces so the caret line lines up under the culprit in a monospace font.
 */
export function excerptAt(text: string, position: HexPosition): HexExcerpt {
	const lineStart = text.lastIndexOf('\n', position.index - 1) + 1;
	const newline = text.indexOf('\n', position.index);
	const lineEnd = newline < 0 ? text.length : newline;
	const end = position.index + position.length;
	const clean = (part: string): string => part.replace(/\t/g, ' ').replace(/\r$/, '');
	const beforeAll = Array.from(text.slice(lineStart, position.index));
	const afterAll = Array.from(text.slice(end, lineEnd));
	const before =
		(beforeAll.length > EXCERPT_SIDE ? '…' : '') + clean(beforeAll.slice(-EXCERPT_SIDE).join(''));
	const marked = visible(text.slice(position.index, end));
	const after =
		clean(afterAll.slice(0, EXCERPT_SIDE).join('')) + (afterAll.length > EXCERPT_SIDE ? '…' : '');
	const caret =
		' '.repeat(Array.from(before).length) + '^'.repeat(Math.max(1, Array.from(marked).length));
	return { before, marked, after, caret };
}

function autoDecode(bytes: Uint8Array, isOtherShown: boolean): DecodeResult {
	const chosen = chooseLevel(bytes);
	const other = chosen.alternative;
	const note: AutoNote = {
		level: chosen.frame.protocolLevel,
		basis: chosen.basis,
		reason: chosen.reason,
		...(other === undefined ? {} : { otherLevel: other.protocolLevel }),
		isOtherShown: isOtherShown && other !== undefined,
	};
	const frame = note.isOtherShown && other !== undefined ? other : chosen.frame;
	return { kind: 'frame', bytes, frame, auto: note };
}

/**
 * Parses the text as bytes and decodes them as one frame at the chosen level.
 *
 * On Auto, `isOtherShown` asks for the other clean reading when there is one.
 */
export function decodeInput(text: string, level: LevelChoice, isOtherShown = false): DecodeResult {
	if (text.trim().length === 0) return { kind: 'empty' };
	const parsed = parseHex(text);
	if (!parsed.ok) {
		const message = describeHexProblem(parsed);
		const position = parsed.position;
		if (position === undefined) return { kind: 'not-hex', message };
		return { kind: 'not-hex', message, position, excerpt: excerptAt(text, position) };
	}
	if (level === 'auto') return autoDecode(parsed.bytes, isOtherShown);
	return {
		kind: 'frame',
		bytes: parsed.bytes,
		frame: decodeFrame(parsed.bytes, { protocolLevel: level }),
	};
}
