/**
 * The protocol level to read a frame at when nobody said: the rule behind the codec panel's Auto
 * and `topicscope decode` without --protocol.
 *
 * Only a CONNECT states its level. Every other packet reads differently in 3.1.1 and 5.0 only where
 * 5.0 added something (a property block, reason codes, AUTH); 3.1 differs from 3.1.1 only in
 * CONNECT, so 3.1.1 stands for both. Unless an earlier CONNECT fixed the level, the frame is
 * decoded at 3.1.1 and at 5.0, and:
 *
 * 1. Only one reading is free of errors: that one. An AUTH, a reason code after a PUBACK's packet
 *    identifier or a CONNACK's property block read only as 5.0; a 3.1.1 CONNACK or a PUBLISH with
 *    a text payload only as 3.1.1.
 * 2. Both are, field for field over the same bytes (PINGREQ, a two-byte PUBACK, an empty
 *    DISCONNECT): 3.1.1, the reading that adds nothing the bytes do not say (5.0 would add an
 *    implied reason code 0).
 * 3. Both are, but differently: 5.0, with the 3.1.1 reading offered beside it. This happens only
 *    when the bytes where 5.0 expects a property block hold a well-formed one, which is evidence
 *    for 5.0:
 *    - a non-empty block: every identifier defined and allowed in that packet, every value in
 *      range, not repeated unless the spec allows it, the last property ending exactly at the
 *      block's length. A 3.1.1 payload starts like that only by chance, and plain text never does:
 *      its first byte as the length (0x09, 0x0a, 0x0d or 0x20-0x7e) would need identifiers that
 *      are text bytes too, and of those allowed in a PUBLISH, Correlation Data (0x09) and User
 *      Property ('&') carry a two-byte length of at least 0x0909 and Topic Alias ('#') fills three
 *      bytes and may not repeat.
 *    - an empty block: the single 0x00 that every MQTT 5 PUBLISH without properties carries after
 *      its topic (and packet identifier), and every MQTT 5 SUBACK without properties after its
 *      packet identifier. As 3.1.1 that byte would start the payload (a binary payload whose first
 *      byte is zero) or be one more return code (granted QoS 0): possible, but rarer than an
 *      MQTT 5 packet without properties, which is most of them.
 * 4. Neither is: the reading whose first error comes later in the frame (it made sense of more of
 *    the bytes), then the one whose fields reach further, then 3.1.1. Its error is the one shown.
 */
import { PROTOCOL_NAMES } from '../protocol';
import { propertyByName } from '../properties';
import { decodeFrame } from './decode';
import { words } from './reader';
import type { DecodedFrame, Field, ProtocolLevel } from './types';

/** What is known about the conversation the frame came from. */
export interface LevelContext {
	/** The level the last CONNECT before this frame asked for. */
	readonly connectLevel?: ProtocolLevel;
}

/** Why a level was chosen; see the rule above. */
export type LevelBasis =
	'connect' | 'earlier-connect' | 'only-clean' | 'same-reading' | 'both-clean' | 'neither-clean';

export interface ChosenLevel {
	/** The frame read at the chosen level. */
	readonly frame: DecodedFrame;
	readonly basis: LevelBasis;
	/** Why, in plain sentences. */
	readonly reason: string;
	/** The other level's reading, when it is also free of errors but says something different. */
	readonly alternative?: DecodedFrame;
}

const CONNECT_TYPE = 1;

function levelWords(level: ProtocolLevel): string {
	return PROTOCOL_NAMES[level];
}

/** Every field as name@start-end, depth first: two readings with equal lists say the same. */
function layout(fields: readonly Field[], out: string[] = []): string[] {
	for (const field of fields) {
		out.push(`${field.name}@${field.start}-${field.end}`);
		if (field.children !== undefined) layout(field.children, out);
	}
	return out;
}

function isSameReading(a: DecodedFrame, b: DecodedFrame): boolean {
	const left = layout(a.fields);
	const right = layout(b.fields);
	return left.length === right.length && left.every((item, index) => item === right[index]);
}

/** How far a reading's fields reach into the frame. */
function extent(fields: readonly Field[]): number {
	let end = 0;
	for (const field of fields) {
		end = Math.max(end, field.end);
		if (field.children !== undefined) end = Math.max(end, extent(field.children));
	}
	return end;
}

function chooseForConnect(bytes: Uint8Array, fallback: ProtocolLevel): ChosenLevel {
	const frame = decodeFrame(bytes, { protocolLevel: fallback });
	const stated = frame.fields.find((field) => field.name === 'protocolLevel')?.value;
	const reason =
		stated === 3 || stated === 4 || stated === 5
			? `A CONNECT states its own level: protocol level ${stated} is ${levelWords(stated)}.`
			: 'A CONNECT states its own level, and this one does not state a level MQTT defines.';
	return { frame, basis: 'connect', reason };
}

/** The field of a reading that holds byte `offset` at the top level (the payload, the codes…). */
function fieldAt(frame: DecodedFrame, offset: number): Field | undefined {
	return frame.fields.find((field) => field.start <= offset && offset < field.end);
}

/** Says what the 5.0 reading's property block is and what 3.1.1 makes of the same bytes. */
function bothCleanReason(v5: DecodedFrame, v311: DecodedFrame): string {
	const index = v5.fields.findIndex((field) => field.name === 'properties');
	const block = v5.fields[index];
	const before = v5.fields[index - 1];
	if (block === undefined) {
		return 'Both levels read these bytes without error; 5.0 finds MQTT 5 fields in them.';
	}
	const after = before === undefined ? '' : ` after the ${words(before.name)}`;
	const asV311 = fieldAt(v311, block.start);
	const there = asV311 === undefined ? 'other fields' : `part of the ${words(asV311.name)}`;
	const entries = (block.children ?? []).filter((field) => field.name !== 'propertyLength');
	if (entries.length === 0) {
		return (
			`The 0x00${after} is the empty property block every MQTT 5 ${v5.type} without ` +
			`properties carries; as 3.1.1 it would be ${there}.`
		);
	}
	const names = [...new Set(entries.map((field) => field.name))].map(
		(name) => propertyByName(name === 'userProperty' ? 'userProperties' : name)?.label ?? name,
	);
	const size = block.end - block.start;
	return (
		`The ${size} bytes${after} read as an MQTT 5 property block (${names.join(', ')}) that ends ` +
		`exactly where its length says; as 3.1.1 they would be ${there}.`
	);
}

function neitherCleanChoice(v311: DecodedFrame, v5: DecodedFrame): ChosenLevel {
	const at311 = v311.error?.offset ?? 0;
	const at5 = v5.error?.offset ?? 0;
	const isV5 = at5 !== at311 ? at5 > at311 : extent(v5.fields) > extent(v311.fields);
	const frame = isV5 ? v5 : v311;
	const [first, second] = isV5 ? [at5, at311] : [at311, at5];
	const reason =
		first === second
			? `Neither level reads these bytes without error; ${levelWords(frame.protocolLevel)} ` +
				'makes sense of as much of them or more.'
			: `Neither level reads these bytes without error; ${levelWords(frame.protocolLevel)} ` +
				`reads further (its first problem is at byte ${first}, the other's at byte ${second}).`;
	return { frame, basis: 'neither-clean', reason };
}

/**
 * The level to read a frame at, the frame read at it, and why (the rule is at the top of the file).
 *
 * Pure and never throws; decodes the bytes at most twice.
 */
export function chooseLevel(bytes: Uint8Array, context: LevelContext = {}): ChosenLevel {
	if ((bytes[0] ?? 0) >> 4 === CONNECT_TYPE) {
		return chooseForConnect(bytes, context.connectLevel ?? 4);
	}
	if (context.connectLevel !== undefined) {
		return {
			frame: decodeFrame(bytes, { protocolLevel: context.connectLevel }),
			basis: 'earlier-connect',
			reason: `An earlier CONNECT asked for ${levelWords(context.connectLevel)}.`,
		};
	}
	const v311 = decodeFrame(bytes, { protocolLevel: 4 });
	const v5 = decodeFrame(bytes, { protocolLevel: 5 });
	const isClean311 = v311.error === undefined;
	const isClean5 = v5.error === undefined;
	if (isClean311 && isClean5) {
		if (isSameReading(v311, v5)) {
			return {
				frame: v311,
				basis: 'same-reading',
				reason: 'MQTT 3.1.1 and 5.0 read these bytes the same way.',
			};
		}
		return { frame: v5, basis: 'both-clean', reason: bothCleanReason(v5, v311), alternative: v311 };
	}
	if (isClean311 !== isClean5) {
		const [frame, other] = isClean5 ? [v5, v311] : [v311, v5];
		return {
			frame,
			basis: 'only-clean',
			reason:
				`Only ${levelWords(frame.protocolLevel)} reads these bytes without error. As ` +
				`${levelWords(other.protocolLevel)}: ${other.error?.message ?? ''}`,
		};
	}
	return neitherCleanChoice(v311, v5);
}
