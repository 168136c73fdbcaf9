/**
 * Frames as a pcapng capture Wireshark and tshark open as MQTT.
 *
 * The tap sees MQTT bytes above TLS and WebSocket, so the capture synthesises what is below: each
 * session (socket) becomes one TCP stream over IPv4 over Ethernet between client 10.0.0.1 and
 * broker 10.0.0.2, with a SYN / SYN-ACK / ACK handshake, sequence and ack numbers that follow the
 * bytes, and computed IPv4 and TCP checksums. The broker side is always port 1883, whatever the
 * real transport (mqtts, ws, wss) or port, so Wireshark's MQTT dissector decodes it without
 * "Decode As". The client port is 50000 + the session number. Timestamps are the tap's, in µs
 * (`if_tsresol` = 6). Little-endian blocks, one interface (LINKTYPE_ETHERNET).
 */
import type { WireDirection } from './types';

export interface PcapFrame {
	readonly timeUs: number;
	readonly direction: WireDirection;
	readonly session: number;
	readonly bytes: Uint8Array;
	/** A packet comment (opt_comment), shown by Wireshark with the packet. */
	readonly comment?: string;
}

export const BROKER_PORT = 1883;
export const CLIENT_PORT_BASE = 50_000;
/** Largest TCP payload per synthesised segment; the IPv4 total length must stay under 65,536. */
export const MAX_SEGMENT_BYTES = 65_000;

const CLIENT_IP = [10, 0, 0, 1] as const;
const BROKER_IP = [10, 0, 0, 2] as const;
const CLIENT_MAC = [0x02, 0, 0, 0, 0, 0x01] as const;
const BROKER_MAC = [0x02, 0, 0, 0, 0, 0x02] as const;
const CLIENT_ISN = 1_000;
const BROKER_ISN = 500_000;
const HEADERS_BYTES = 14 + 20 + 20;

const TCP_FIN = 0x01;
const TCP_SYN = 0x02;
const TCP_PSH = 0x08;
const TCP_ACK = 0x10;

interface Stream {
	readonly clientPort: number;
	/** Next sequence number each side sends. */
	clientSeq: number;
	brokerSeq: number;
}

function pad4(length: number): number {
	return (length + 3) & ~3;
}

/** The Section Header Block: byte-order magic 0x1A2B3C4D, version 1.0, unknown section length. */
export function sectionHeaderBlock(): Uint8Array {
	const block = new Uint8Array(28);
	const view = new DataView(block.buffer);
	view.setUint32(0, 0x0a0d0d0a, true);
	view.setUint32(4, 28, true);
	view.setUint32(8, 0x1a2b3c4d, true);
	view.setUint16(12, 1, true);
	view.setUint16(14, 0, true);
	view.setBigInt64(16, -1n, true);
	view.setUint32(24, 28, true);
	return block;
}

/** One Interface Description Block: Ethernet, no snap length limit, µs timestamps. */
export function interfaceDescriptionBlock(): Uint8Array {
	const block = new Uint8Array(32);
	const view = new DataView(block.buffer);
	view.setUint32(0, 0x00000001, true);
	view.setUint32(4, 32, true);
	view.setUint16(8, 1, true); // LINKTYPE_ETHERNET
	view.setUint32(12, 0, true); // snaplen 0: no limit
	view.setUint16(16, 9, true); // if_tsresol
	view.setUint16(18, 1, true);
	block[20] = 6; // 10^-6 s
	view.setUint16(24, 0, true); // opt_endofopt
	view.setUint16(26, 0, true);
	view.setUint32(28, 32, true);
	return block;
}

const textEncoder = new TextEncoder();

/** An Enhanced Packet Block for interface 0, with an opt_comment when `comment` is given. */
export function enhancedPacketBlock(
	timeUs: number,
	packet: Uint8Array,
	comment?: string,
): Uint8Array {
	const text = comment === undefined ? undefined : textEncoder.encode(comment);
	// opt_comment (code 1, length, UTF-8 padded to 4) then opt_endofopt (4 bytes of 0).
	const optionsBytes = text === undefined ? 0 : 4 + pad4(text.length) + 4;
	const total = 32 + pad4(packet.length) + optionsBytes;
	const block = new Uint8Array(total);
	const view = new DataView(block.buffer);
	if (text !== undefined) {
		const at = 28 + pad4(packet.length);
		view.setUint16(at, 1, true);
		view.setUint16(at + 2, text.length, true);
		block.set(text, at + 4);
	}
	view.setUint32(0, 0x00000006, true);
	view.setUint32(4, total, true);
	view.setUint32(8, 0, true);
	view.setUint32(12, Math.floor(timeUs / 2 ** 32), true);
	view.setUint32(16, (timeUs % 2 ** 32) >>> 0, true);
	view.setUint32(20, packet.length, true);
	view.setUint32(24, packet.length, true);
	block.set(packet, 28);
	view.setUint32(total - 4, total, true);
	return block;
}

/** The Internet checksum (RFC 1071) of `bytes[start, end)` added to `initial`. */
export function internetChecksum(
	bytes: Uint8Array,
	start: number,
	end: number,
	initial = 0,
): number {
	let sum = initial;
	for (let i = start; i + 1 < end; i += 2) sum += ((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0);
	if ((end - start) % 2 === 1) sum += (bytes[end - 1] ?? 0) << 8;
	while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
	return ~sum & 0xffff;
}

function addressWords(ip: readonly number[]): number {
	return (((ip[0] ?? 0) << 8) | (ip[1] ?? 0)) + (((ip[2] ?? 0) << 8) | (ip[3] ?? 0));
}

interface Segment {
	readonly isFromClient: boolean;
	readonly clientPort: number;
	readonly seq: number;
	readonly ack: number;
	readonly flags: number;
	readonly payload: Uint8Array;
	readonly ipId: number;
}

/** Ethernet + IPv4 + TCP around a payload, checksums computed. */
export function tcpPacket(segment: Segment): Uint8Array {
	const { payload, isFromClient } = segment;
	const packet = new Uint8Array(HEADERS_BYTES + payload.length);
	const view = new DataView(packet.buffer);
	packet.set(isFromClient ? BROKER_MAC : CLIENT_MAC, 0);
	packet.set(isFromClient ? CLIENT_MAC : BROKER_MAC, 6);
	view.setUint16(12, 0x0800);
	const ip = 14;
	packet[ip] = 0x45;
	view.setUint16(ip + 2, 20 + 20 + payload.length);
	view.setUint16(ip + 4, segment.ipId & 0xffff);
	view.setUint16(ip + 6, 0x4000); // don't fragment
	packet[ip + 8] = 64;
	packet[ip + 9] = 6; // TCP
	packet.set(isFromClient ? CLIENT_IP : BROKER_IP, ip + 12);
	packet.set(isFromClient ? BROKER_IP : CLIENT_IP, ip + 16);
	view.setUint16(ip + 10, internetChecksum(packet, ip, ip + 20));
	const tcp = ip + 20;
	view.setUint16(tcp, isFromClient ? segment.clientPort : BROKER_PORT);
	view.setUint16(tcp + 2, isFromClient ? BROKER_PORT : segment.clientPort);
	view.setUint32(tcp + 4, segment.seq >>> 0);
	view.setUint32(tcp + 8, segment.flags & TCP_ACK ? segment.ack >>> 0 : 0);
	packet[tcp + 12] = 5 << 4;
	packet[tcp + 13] = segment.flags;
	view.setUint16(tcp + 14, 65_535);
	packet.set(payload, tcp + 20);
	// The pseudo-header: addresses, protocol and TCP length.
	const tcpLength = 20 + payload.length;
	const pseudo = addressWords(CLIENT_IP) + addressWords(BROKER_IP) + 6 + tcpLength;
	view.setUint16(tcp + 16, internetChecksum(packet, tcp, tcp + tcpLength, pseudo));
	return packet;
}

/**
 * The whole capture: header blocks, then per session a handshake and one segment per frame.
 *
 * Frames must be in wire order. A frame over 65,000 bytes spans several segments.
 */
export function framesToPcapng(frames: readonly PcapFrame[]): Uint8Array {
	const blocks: Uint8Array[] = [sectionHeaderBlock(), interfaceDescriptionBlock()];
	const streams = new Map<number, Stream>();
	let ipId = 0;
	const emit = (
		timeUs: number,
		stream: Stream,
		isFromClient: boolean,
		flags: number,
		payload: Uint8Array,
		comment?: string,
	): void => {
		const seq = isFromClient ? stream.clientSeq : stream.brokerSeq;
		const ack = isFromClient ? stream.brokerSeq : stream.clientSeq;
		const segment = {
			isFromClient,
			clientPort: stream.clientPort,
			seq,
			ack,
			flags,
			payload,
			ipId: ipId++,
		};
		blocks.push(enhancedPacketBlock(timeUs, tcpPacket(segment), comment));
		// SYN and FIN take one sequence number each.
		const advance = payload.length + (flags & (TCP_SYN | TCP_FIN) ? 1 : 0);
		if (isFromClient) stream.clientSeq = (stream.clientSeq + advance) >>> 0;
		else stream.brokerSeq = (stream.brokerSeq + advance) >>> 0;
	};
	for (const frame of frames) {
		let stream = streams.get(frame.session);
		if (!stream) {
			stream = {
				clientPort: CLIENT_PORT_BASE + (frame.session % 15_000),
				clientSeq: CLIENT_ISN,
				brokerSeq: BROKER_ISN,
			};
			streams.set(frame.session, stream);
			const none = new Uint8Array(0);
			emit(frame.timeUs, stream, true, TCP_SYN, none);
			emit(frame.timeUs, stream, false, TCP_SYN | TCP_ACK, none);
			emit(frame.timeUs, stream, true, TCP_ACK, none);
		}
		const isFromClient = frame.direction === 'out';
		for (let at = 0; at < frame.bytes.length; at += MAX_SEGMENT_BYTES) {
			const payload = frame.bytes.subarray(at, at + MAX_SEGMENT_BYTES);
			// The comment goes with the frame's first segment.
			const comment = at === 0 ? frame.comment : undefined;
			emit(frame.timeUs, stream, isFromClient, TCP_PSH | TCP_ACK, payload, comment);
		}
	}
	let length = 0;
	for (const block of blocks) length += block.length;
	const out = new Uint8Array(length);
	let offset = 0;
	for (const block of blocks) {
		out.set(block, offset);
		offset += block.length;
	}
	return out;
}
