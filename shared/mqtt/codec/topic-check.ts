/**
 * Topic name rules (4.7) applied to a string read from a frame, reported at the offending byte.
 *
 * Used for every field that holds a topic name: the PUBLISH topic, the will topic and the Response
 * Topic of a PUBLISH or a will.
 */
import { findTopicNameProblem } from '../topic';
import type { Reader } from './reader';

/** Byte offset of a UTF-16 index within the UTF-8 encoding of text. */
export function byteIndex(text: string, index: number): number {
	let bytes = 0;
	for (let i = 0; i < index; i++) {
		const code = text.charCodeAt(i);
		bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code >= 0xd800 && code <= 0xdbff ? 4 : 3;
		if (code >= 0xd800 && code <= 0xdbff) i++;
	}
	return bytes;
}

/**
 * Reports the first topic name rule `topic` breaks; `stringStart` is the offset of its two-byte
 * length. `wildcardRule` replaces the generic wildcard statement where a packet has its own
 * ([MQTT-3.3.2-2] for the PUBLISH topic, [MQTT-3.3.2-14] for a Response Topic); `label` prefixes
 * the message ("The will topic 'a/#': …") when the field is not the PUBLISH topic.
 */
export function checkTopicName(
	r: Reader,
	stringStart: number,
	topic: string,
	wildcardRule?: string,
	label?: string,
): void {
	const problem = findTopicNameProblem(topic, r.level);
	if (problem === undefined) return;
	const isWildcard = problem.rule === '[MQTT-4.7.0-1]' || problem.rule === '[MQTT-4.7.1-1]';
	// An empty string is reported at its length, which says 0.
	const offset =
		topic.length === 0 ? stringStart : stringStart + 2 + byteIndex(topic, problem.index);
	const message = label === undefined ? problem.message : `${label} '${topic}': ${problem.message}`;
	r.violate(
		offset,
		isWildcard && wildcardRule !== undefined ? wildcardRule : problem.rule,
		message,
	);
}
