/**
 * One QoS 1 PUBLISH to a real broker, built with our codec from a separate client: MQTT.js folds
 * user properties into an object and cannot send a=1, b=2, a=3 in that order.
 */
import { connect as tcpConnect } from 'node:net';
import { encodePacket, FrameSplitter, type Packet } from '../../shared/mqtt/codec/index';
import { waitFor } from './wait';

const CONNACK = 2;
const PUBACK = 4;

function encode(packet: Packet): Uint8Array {
	const encoded = encodePacket(packet, { protocolLevel: 5 });
	if (!encoded.ok) throw new Error(encoded.error.message);
	return encoded.value;
}

/** Connects (MQTT 5), publishes `publish` (QoS 1, give it a packet id), waits for its PUBACK. */
export async function publishRaw(
	port: number,
	publish: Extract<Packet, { type: 'PUBLISH' }>,
): Promise<void> {
	const socket = tcpConnect(port, '127.0.0.1');
	const splitter = new FrameSplitter({ protocolLevel: 5 });
	const received: number[] = [];
	socket.on('data', (chunk) => {
		for (const frame of splitter.push(chunk).frames) received.push((frame[0] ?? 0) >> 4);
	});
	await new Promise<void>((resolve, reject) => {
		socket.once('connect', resolve);
		socket.once('error', reject);
	});
	socket.write(
		encode({
			type: 'CONNECT',
			protocolName: 'MQTT',
			protocolLevel: 5,
			cleanStart: true,
			keepAlive: 30,
			clientId: `raw-publisher-${process.pid}`,
			properties: {},
		}),
	);
	await waitFor(() => received.includes(CONNACK), 'CONNACK');
	socket.write(encode(publish));
	await waitFor(() => received.includes(PUBACK), 'PUBACK');
	socket.write(encode({ type: 'DISCONNECT', reasonCode: 0, properties: {} }));
	socket.end();
}
