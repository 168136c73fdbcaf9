/**
 * MQTT 5 Topic Aliases in the frame log: an aliased PUBLISH with an empty topic is listed,
 * filtered, found by "Show frame" and exported under the topic its alias stands for, per
 * direction, forgotten on reconnect; an alias never set, or out of the receiver's range, is
 * flagged on its frame.
 */
import { describe, expect, it } from 'vitest';
import { WireFramer } from '../../../main/connections/wire-framer';
import { FrameLog } from '../../../main/frames/frame-log';
import type { Properties } from '../../../shared/mqtt/properties';
import { frame } from './build';
import { hasTshark, NO_TSHARK_REASON, tshark } from './tshark';

function testLog() {
	const clock = { nowUs: 1_700_000_000_000_000 };
	const log = new FrameLog({ clockUs: () => clock.nowUs });
	const tap = new WireFramer(log, () => clock.nowUs);
	return { log, clock, tap };
}

/** Our MQTT 5 CONNECT, taking up to `topicAliasMaximum` aliases from the broker. */
function connect5(topicAliasMaximum?: number): Uint8Array {
	return frame({
		type: 'CONNECT',
		protocolName: 'MQTT',
		protocolLevel: 5,
		cleanStart: true,
		keepAlive: 60,
		properties: topicAliasMaximum === undefined ? {} : { topicAliasMaximum },
		clientId: 'alias-test',
	});
}

function connack5(properties: Properties = {}): Uint8Array {
	return frame({ type: 'CONNACK', sessionPresent: false, reasonCode: 0, properties }, 5);
}

/** A QoS 0 PUBLISH with a Topic Alias: `topicName` '' uses the alias, anything else sets it. */
function aliased(topicName: string, topicAlias: number, payload = 'x'): Uint8Array {
	return frame(
		{
			type: 'PUBLISH',
			dup: false,
			qos: 0,
			retain: false,
			topicName,
			properties: { topicAlias },
			payload: new TextEncoder().encode(payload),
		},
		5,
	);
}

/** A session: our CONNECT (aliases up to 10 from the broker), the broker's CONNACK (up to 5). */
function openSession(tap: WireFramer): void {
	tap.open();
	tap.data('out', connect5(10));
	tap.data('in', connack5({ topicAliasMaximum: 5 }));
}

describe('topic aliases in the frame log', () => {
	it('lists an aliased PUBLISH under the topic its alias stands for, per direction', () => {
		const { log, tap } = testLog();
		openSession(tap);
		tap.data('in', aliased('plant/7/temp', 3, 'set'));
		tap.data('in', aliased('', 3, 'use'));
		// The same number on our side is another alias: the broker's map is not ours.
		tap.data('out', aliased('cmd/7', 3));
		tap.data('out', aliased('', 3));
		tap.data('in', aliased('', 3));
		const publishes = log.entries().filter((e) => e.type === 'PUBLISH');
		expect(
			publishes.map((e) => [e.direction, e.topic, e.topicAlias, e.isTopicFromAlias, e.flags]),
		).toEqual([
			['in', 'plant/7/temp', 3, false, []],
			['in', 'plant/7/temp', 3, true, []],
			['out', 'cmd/7', 3, false, []],
			['out', 'cmd/7', 3, true, []],
			['in', 'plant/7/temp', 3, true, []],
		]);
		expect(publishes.map((e) => e.summary)).toEqual([
			'PUBLISH qos0 plant/7/temp (sets alias 3) (3 B)',
			'PUBLISH qos0 plant/7/temp (alias 3) (3 B)',
			'PUBLISH qos0 cmd/7 (sets alias 3) (1 B)',
			'PUBLISH qos0 cmd/7 (alias 3) (1 B)',
			'PUBLISH qos0 plant/7/temp (alias 3) (1 B)',
		]);
		// The inspector decodes the bytes as they are: an empty topic, alias 3, no error.
		const detail = log.get(publishes[1]?.seq ?? 0);
		expect(detail?.decoded?.packet).toMatchObject({ topicName: '', properties: { topicAlias: 3 } });
		expect(detail?.summary).toMatchObject({ topic: 'plant/7/temp', isTopicFromAlias: true });
	});

	it('a changed alias stands for its new topic from then on', () => {
		const { log, tap } = testLog();
		openSession(tap);
		tap.data('in', aliased('a/1', 1));
		tap.data('in', aliased('', 1));
		tap.data('in', aliased('a/2', 1));
		tap.data('in', aliased('', 1));
		expect(
			log
				.entries()
				.filter((e) => e.type === 'PUBLISH')
				.map((e) => e.topic),
		).toEqual(['a/1', 'a/1', 'a/2', 'a/2']);
	});

	it('filters aliased PUBLISHes by the topic they stand for', () => {
		const { log, tap } = testLog();
		openSession(tap);
		tap.data('in', aliased('plant/7/temp', 3));
		tap.data('in', aliased('plant/8/temp', 4));
		tap.data('in', aliased('', 3));
		tap.data('in', aliased('', 4));
		tap.data('in', aliased('', 3));
		const matching = log.window(0, 10, { topicFilter: 'plant/7/#' }).entries;
		expect(matching.map((e) => [e.seq, e.topic, e.isTopicFromAlias])).toEqual([
			[3, 'plant/7/temp', false],
			[5, 'plant/7/temp', true],
			[7, 'plant/7/temp', true],
		]);
	});

	it('"Show frame" finds an aliased PUBLISH by the topic of the message it carried', () => {
		const { log, clock, tap } = testLog();
		openSession(tap);
		clock.nowUs += 10;
		tap.data('in', aliased('plant/7/temp', 3));
		clock.nowUs += 10;
		tap.data('in', aliased('plant/8/temp', 4));
		clock.nowUs += 10;
		// One read carries two aliased PUBLISHes: each message finds its own frame.
		const both = new Uint8Array([...aliased('', 3), ...aliased('', 4)]);
		tap.data('in', both);
		expect(log.findPublish('plant/7/temp', clock.nowUs)).toEqual({ kind: 'found', seq: 5 });
		expect(log.findPublish('plant/8/temp', clock.nowUs)).toEqual({ kind: 'found', seq: 6 });
	});

	it('forgets aliases on reconnect: an alias of the old socket is a protocol error on the new one', () => {
		const { log, tap } = testLog();
		openSession(tap);
		tap.data('in', aliased('plant/7/temp', 3));
		tap.close();
		openSession(tap);
		tap.data('in', aliased('', 3));
		const last = log.entries().at(-1);
		expect(last).toMatchObject({
			session: 2,
			topic: '',
			topicAlias: 3,
			isTopicFromAlias: false,
			flags: ['topic-alias-unknown'],
			summary: 'PUBLISH qos0 (alias 3 never set) (1 B)',
		});
	});

	it('flags an alias above the receiver’s Topic Alias Maximum, each side by its own', () => {
		const { log, tap } = testLog();
		openSession(tap);
		// We take 10 from the broker; the broker takes 5 from us.
		tap.data('in', aliased('in/ok', 10));
		tap.data('in', aliased('in/over', 11));
		tap.data('out', aliased('out/ok', 5));
		tap.data('out', aliased('out/over', 6));
		const flags = log
			.entries()
			.filter((e) => e.type === 'PUBLISH')
			.map((e) => [e.topic, e.flags]);
		expect(flags).toEqual([
			['in/ok', []],
			['in/over', ['topic-alias-out-of-range']],
			['out/ok', []],
			['out/over', ['topic-alias-out-of-range']],
		]);
	});

	it('without a Topic Alias Maximum in our CONNECT, every alias from the broker is out of range', () => {
		const { log, tap } = testLog();
		tap.open();
		tap.data('out', connect5());
		tap.data('in', connack5());
		tap.data('in', aliased('a', 1));
		expect(log.entries().at(-1)?.flags).toEqual(['topic-alias-out-of-range']);
	});

	it('checks the rules that bind one side with the frame’s direction', () => {
		const { log, tap } = testLog();
		openSession(tap);
		// [MQTT-3.14.2-2] a server's DISCONNECT carries no Session Expiry Interval.
		const disconnect = frame(
			{ type: 'DISCONNECT', reasonCode: 0x8b, properties: { sessionExpiryInterval: 0 } },
			5,
		);
		tap.data('in', disconnect);
		expect(log.get(3)?.decoded?.error?.rule).toBe('[MQTT-3.14.2-2]');
		tap.data('out', disconnect);
		expect(log.get(4)?.decoded?.error).toBeUndefined();
	});

	it.skipIf(!hasTshark)(
		'exports the resolved topic as a packet comment; Wireshark resolves the alias alike',
		async () => {
			const { log, tap } = testLog();
			openSession(tap);
			tap.data('in', aliased('plant/7/temp', 3));
			tap.data('in', aliased('', 3));
			tap.data('in', aliased('', 4));
			const lines = await tshark(log.toPcapng(), [
				'-Y',
				'mqtt.msgtype == 3',
				'-T',
				'fields',
				'-E',
				'separator=|',
				'-e',
				'mqtt.topic',
				'-e',
				'frame.comment',
			]);
			// Wireshark's MQTT dissector tracks aliases too: its topic is ours, an oracle for the map.
			expect(lines).toEqual([
				'plant/7/temp|MQTT Topic Alias 3 set to "plant/7/temp"',
				'plant/7/temp|MQTT topic "plant/7/temp" resolved from Topic Alias 3',
				'|MQTT Topic Alias 4 was never set on this connection (protocol error, 3.3.2.3.4)',
			]);
		},
	);
	if (!hasTshark) it.skip(`tshark reads the comments: ${NO_TSHARK_REASON}`, () => {});
});
