/**
 * The broker panel's model fed directly: rates from once-a-second samples, the topic ranking with
 * subtree roll-up on real numbers, payload sizes per topic, `$SYS` counters as rates through a
 * broker restart, family detection, and the explanation when `$SYS` stays silent.
 */
import { describe, expect, it } from 'vitest';
import { BrokerStats, SYS_SILENCE_MS, prefixAt } from '../../../main/broker/broker-stats';
import { BrokerStatsStreamView } from '../../../main/broker/broker-view';
import { message } from '../../helpers/message';

function clock(start = 1_000_000): { now: () => number; advance: (ms: number) => void } {
	let at = start;
	return { now: () => at, advance: (ms) => (at += ms) };
}

function feed(stats: BrokerStats, topic: string, count: number, size: number): void {
	for (let i = 0; i < count; i++) stats.ingest(message(topic, new Uint8Array(size)));
}

describe('BrokerStats: any broker', () => {
	it('ranks topics and rolls subtrees up by messages/s and bytes/s over the last second', () => {
		const time = clock();
		const stats = new BrokerStats(time.now);
		// Before the first sample: counted, but not in this second's rate.
		feed(stats, 'plant/a/temp', 1_000, 10);
		time.advance(1_000);
		stats.sample();
		feed(stats, 'plant/a/temp', 50, 10);
		feed(stats, 'plant/a/pressure', 30, 100);
		feed(stats, 'plant/b/temp', 20, 10);
		feed(stats, 'fleet/truck1/gps', 40, 400);
		feed(stats, 'status', 5, 2);
		time.advance(2_000);
		stats.sample();

		expect(stats.messagesPerSecond).toBe(72.5);
		expect(stats.bytesPerSecond).toBe((500 + 3_000 + 200 + 16_000 + 10) / 2);
		const top = stats.topTopics('messages', 3);
		expect(top.map((row) => [row.topic, row.messagesPerSecond])).toEqual([
			['plant/a/temp', 25],
			['fleet/truck1/gps', 20],
			['plant/a/pressure', 15],
		]);
		expect(stats.topTopics('bytes', 1)[0]?.topic).toBe('fleet/truck1/gps');

		expect(stats.topSubtrees(1, 'messages', 10)).toEqual([
			{ prefix: 'plant', topics: 3, messagesPerSecond: 50, bytesPerSecond: 1_850 },
			{ prefix: 'fleet', topics: 1, messagesPerSecond: 20, bytesPerSecond: 8_000 },
			{ prefix: 'status', topics: 1, messagesPerSecond: 2.5, bytesPerSecond: 5 },
		]);
		expect(stats.topSubtrees(2, 'bytes', 2)).toEqual([
			{ prefix: 'fleet/truck1', topics: 1, messagesPerSecond: 20, bytesPerSecond: 8_000 },
			{ prefix: 'plant/a', topics: 2, messagesPerSecond: 40, bytesPerSecond: 1_750 },
		]);
		// A quiet second: every rate falls to zero, the totals stay.
		time.advance(1_000);
		stats.sample();
		expect(stats.messagesPerSecond).toBe(0);
		expect(stats.topic('plant/a/temp')).toMatchObject({ messagesPerSecond: 0, messages: 1_050 });
		// All quiet: the ranking falls back to the most messages in all, not the alphabet.
		expect(stats.topSubtrees(1, 'messages', 3).map((row) => row.prefix)).toEqual([
			'plant',
			'fleet',
			'status',
		]);
		// A topic new since the subtrees at depth 1 were worked out joins them.
		feed(stats, 'fleet/truck2/gps', 1, 400);
		expect(stats.topSubtrees(1, 'bytes', 5).find((row) => row.prefix === 'fleet')?.topics).toBe(2);
	});

	it('keeps payload size min, average and max per topic', () => {
		const stats = new BrokerStats();
		for (const size of [120, 8, 4_096, 0, 76]) stats.ingest(message('cam/1', new Uint8Array(size)));
		expect(stats.topic('cam/1')).toMatchObject({
			messages: 5,
			bytes: 4_300,
			minBytes: 0,
			avgBytes: 860,
			maxBytes: 4_096,
		});
		expect(stats.topic('never')).toBeUndefined();
	});

	it('holds many topics (the columns grow) and ranks the busiest of 5,000', () => {
		const time = clock();
		const stats = new BrokerStats(time.now);
		stats.sample();
		for (let t = 0; t < 5_000; t++) feed(stats, `site/${t % 10}/dev/${t}`, 1 + (t % 7), 10);
		time.advance(1_000);
		stats.sample();
		expect(stats.topicCount).toBe(5_000);
		const top = stats.topTopics('messages', 5);
		expect(top.map((row) => row.messagesPerSecond)).toEqual([7, 7, 7, 7, 7]);
		// Ties keep the earlier topic first.
		expect(top[0]?.topic).toBe('site/6/dev/6');
		const sites = stats.topSubtrees(2, 'messages', 10);
		expect(sites).toHaveLength(10);
		expect(sites.reduce((sum, row) => sum + row.topics, 0)).toBe(5_000);
	});

	it('cuts topics at a depth', () => {
		expect(prefixAt('a/b/c', 1)).toBe('a');
		expect(prefixAt('a/b/c', 2)).toBe('a/b');
		expect(prefixAt('a/b/c', 5)).toBe('a/b/c');
		expect(prefixAt('/leading', 1)).toBe('');
	});
});

describe('BrokerStats: $SYS', () => {
	const sys = (stats: BrokerStats, topic: string, payload: string, timeMs: number): void =>
		stats.ingest(message(topic, payload, { timeMs, retain: true }));

	it('recognises mosquitto and turns its counters into rates, through a restart', () => {
		const stats = new BrokerStats();
		sys(stats, '$SYS/broker/messages/received', '1000', 10_000);
		expect(stats.family).toBe('sys-broker');
		sys(stats, '$SYS/broker/version', 'mosquitto version 2.0.11', 10_000);
		sys(stats, '$SYS/broker/uptime', '3600 seconds', 10_000);
		sys(stats, '$SYS/broker/clients/connected', '3', 10_000);
		expect(stats.family).toBe('mosquitto');
		expect(stats.brokerVersion).toBe('mosquitto version 2.0.11');
		sys(stats, '$SYS/broker/messages/received', '1500', 12_000);
		sys(stats, '$SYS/broker/clients/connected', '5', 12_000);
		// The broker restarted: 40 counted since.
		sys(stats, '$SYS/broker/messages/received', '40', 13_000);

		const metrics = stats.metrics();
		const received = metrics.find((m) => m.key === 'messages/received');
		expect(received).toMatchObject({
			kind: 'counter',
			value: 40,
			ratePerSecond: 40,
			resets: 1,
			isTile: true,
			series: [250, 40],
		});
		expect(metrics.find((m) => m.key === 'clients/connected')).toMatchObject({
			kind: 'gauge',
			value: 5,
			series: [3, 5],
			isTile: true,
		});
		expect(stats.uptimeSeconds()).toBe(3600);
		// Tiles first, in the family's order.
		expect(metrics[0]?.key).toBe('clients/connected');
		expect(metrics[1]?.key).toBe('messages/received');
	});

	it('recognises EMQX by its node and reads stats and metrics', () => {
		const stats = new BrokerStats();
		const node = '$SYS/brokers/emqx@127.0.0.1';
		sys(stats, `${node}/version`, '5.3.0', 0);
		sys(stats, `${node}/uptime`, '1 hours, 2 minutes, 3 seconds', 0);
		sys(stats, `${node}/stats/connections/count`, '12', 0);
		sys(stats, `${node}/metrics/messages/received`, '6000', 0);
		sys(stats, `${node}/metrics/messages/received`, '12000', 60_000);
		sys(stats, `${node}/clients/dev-1/connected`, '{"clientid":"dev-1"}', 60_000);
		expect(stats.family).toBe('emqx');
		expect(stats.node).toBe('emqx@127.0.0.1');
		expect(stats.uptimeSeconds()).toBe(3723);
		const metrics = stats.metrics();
		expect(metrics.map((m) => m.key)).toEqual([
			'stats/connections/count',
			'metrics/messages/received',
			'uptime',
			'version',
		]);
		expect(metrics[1]).toMatchObject({ ratePerSecond: 100, kind: 'counter' });
	});

	it('explains a silent $SYS after a few seconds, and an Aedes tree without statistics', () => {
		const time = clock();
		const stats = new BrokerStats(time.now);
		expect(stats.explanation()).toBeNull();
		stats.setSysWatch({ kind: 'added', filter: '$SYS/#' });
		time.advance(SYS_SILENCE_MS - 1_000);
		expect(stats.explanation()).toBeNull();
		time.advance(1_000);
		expect(stats.sysSilentSeconds()).toBe(SYS_SILENCE_MS / 1000);
		expect(stats.explanation()).toMatch(/EMQX allows \$SYS only from localhost by default/);
		expect(stats.explanation()).toMatch(/HiveMQ has no \$SYS tree/);

		sys(stats, '$SYS/8c1f/heartbeat', '1', time.now());
		expect(stats.family).toBe('aedes');
		expect(stats.sysSilentSeconds()).toBeNull();
		expect(stats.explanation()).toMatch(/Aedes.*no statistics/);

		const refused = new BrokerStats();
		refused.setSysWatch({ kind: 'refused', message: 'Not authorized (0x87).' });
		expect(refused.explanation()).toMatch(/refused the subscription to \$SYS\/#: Not authorized/);
	});

	it('says when only the version came and no statistics follow', () => {
		const time = clock();
		const stats = new BrokerStats(time.now);
		stats.setSysWatch({ kind: 'added', filter: '$SYS/#' });
		sys(stats, '$SYS/broker/version', 'mosquitto version 2.0.11', time.now());
		time.advance(SYS_SILENCE_MS);
		expect(stats.explanation()).toMatch(
			/its version \(mosquitto version 2.0.11\) but no statistics/,
		);
	});

	it('keeps at most the series length per metric', () => {
		const stats = new BrokerStats();
		for (let i = 0; i < 300; i++) sys(stats, '$SYS/broker/clients/connected', String(i), i * 1000);
		const series = stats.metrics()[0]?.series ?? [];
		expect(series).toHaveLength(120);
		expect(series[0]).toBe(180);
		expect(series.at(-1)).toBe(299);
	});
});

describe('BrokerStatsStreamView', () => {
	it('sends a snapshot, then at most once a second when something changed, and moves in place', () => {
		const time = clock();
		const stats = new BrokerStats(time.now);
		const view = new BrokerStatsStreamView(
			stats,
			{ depth: 1, rankBy: 'messages', limit: 5 },
			time.now,
		);
		expect(view.snapshot().topTopics).toEqual([]);
		feed(stats, 'a/b', 3, 1);
		expect(view.poll()).toBeNull();
		time.advance(1_000);
		stats.sample();
		expect(view.poll()?.topSubtrees).toEqual([
			{ prefix: 'a', topics: 1, messagesPerSecond: 3, bytesPerSecond: 3 },
		]);
		time.advance(1_000);
		expect(view.poll()).toBeNull();
		expect(view.update({ depth: 2, rankBy: 'bytes', limit: 5 }).topSubtrees[0]?.prefix).toBe('a/b');
	});
});
