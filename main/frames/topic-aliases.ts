/**
 * The MQTT 5 Topic Alias maps of one connection (3.3.2.3.4), one per direction, so the frames
 * list can show, filter and export an aliased PUBLISH under the topic it stands for.
 *
 * A PUBLISH with a topic and an alias sets (or changes) that alias for its direction; one with an
 * empty topic and an alias stands for the topic set last. Maps last as long as the socket
 * ([MQTT-3.3.2-7]: FrameLog.open() resets them). Each side announces the most aliases it takes:
 * our CONNECT's Topic Alias Maximum bounds the broker's aliases [MQTT-3.3.2-11], the CONNACK's
 * bounds ours [MQTT-3.3.2-9]; 0 or absent means none.
 *
 * Only PUBLISH frames that carry an alias reach `resolve`; the frame log's ingest pays nothing
 * for the others.
 */
import { decodeFrame } from '../../shared/mqtt/codec/decode';
import type { WireDirection } from './types';

export class TopicAliases {
	readonly #sent = new Map<number, string>();
	readonly #received = new Map<number, string>();
	/** Topic Alias Maximum of the receiver, per direction of travel; undefined until known. */
	#sentLimit: number | undefined;
	#receivedLimit: number | undefined;

	/** A new socket: no alias survives it. */
	reset(): void {
		this.#sent.clear();
		this.#received.clear();
		this.#sentLimit = undefined;
		this.#receivedLimit = undefined;
	}

	/** Our CONNECT (once per socket): its Topic Alias Maximum bounds what the broker may use. */
	connect(frame: Uint8Array): void {
		const decoded = decodeFrame(frame);
		const packet = decoded.packet;
		if (packet?.type !== 'CONNECT' || packet.protocolLevel !== 5) return;
		this.#receivedLimit = packet.properties?.topicAliasMaximum ?? 0;
	}

	/** The broker's CONNACK: its Topic Alias Maximum bounds the aliases we may send. */
	connack(topicAliasMaximum: number): void {
		this.#sentLimit = topicAliasMaximum;
	}

	/**
	 * The topic an aliased PUBLISH stands for: its own when it has one (which sets the alias), else
	 * the one the alias was set to, or undefined when it never was on this socket.
	 */
	resolve(direction: WireDirection, topic: string, alias: number): string | undefined {
		const map = direction === 'out' ? this.#sent : this.#received;
		if (alias === 0) return topic === '' ? undefined : topic;
		if (topic === '') return map.get(alias);
		map.set(alias, topic);
		return topic;
	}

	/** [MQTT-3.3.2-8] 0 is never an alias; a receiver takes 1 to its Topic Alias Maximum. */
	isOutOfRange(direction: WireDirection, alias: number): boolean {
		const limit = direction === 'out' ? this.#sentLimit : this.#receivedLimit;
		return alias === 0 || (limit !== undefined && alias > limit);
	}
}

/** What the alias remarks read from a held frame. */
export interface AliasedFrame {
	readonly typeCode: number;
	readonly headerBytes: number;
	readonly bytes: Uint8Array;
	readonly topic?: string;
	readonly topicAlias?: number;
}

/** Whether the PUBLISH came with an empty topic and shows the one its alias stands for. */
export function isTopicFromAlias(frame: AliasedFrame): boolean {
	if (frame.typeCode !== 3 || frame.topicAlias === undefined) return false;
	if (frame.topic === undefined || frame.topic === '') return false;
	// The topic's two-byte length right after the fixed header: 0 on the wire.
	return frame.bytes[frame.headerBytes] === 0 && frame.bytes[frame.headerBytes + 1] === 0;
}

/** The pcapng packet comment for a PUBLISH that uses or sets an alias; undefined otherwise. */
export function aliasComment(frame: AliasedFrame): string | undefined {
	const alias = frame.topicAlias;
	if (frame.typeCode !== 3 || alias === undefined || frame.topic === undefined) return undefined;
	if (isTopicFromAlias(frame))
		return `MQTT topic "${frame.topic}" resolved from Topic Alias ${alias}`;
	if (frame.topic === '') {
		return `MQTT Topic Alias ${alias} was never set on this connection (protocol error, 3.3.2.3.4)`;
	}
	return `MQTT Topic Alias ${alias} set to "${frame.topic}"`;
}
