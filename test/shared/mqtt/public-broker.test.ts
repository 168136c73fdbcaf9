import { describe, expect, it } from 'vitest';
import {
	firehoseWarning,
	isEverythingFilter,
	publicBrokerOf,
} from '../../../shared/mqtt/public-broker';

describe('publicBrokerOf', () => {
	it.each([
		['test.mosquitto.org', 'test.mosquitto.org'],
		['BROKER.HiveMQ.com', 'broker.hivemq.com'],
		['broker.emqx.io.', 'broker.emqx.io'],
		[' mqtt.eclipseprojects.io ', 'mqtt.eclipseprojects.io'],
		['eu.broker.emqx.io', 'broker.emqx.io'],
		['localhost', null],
		['127.0.0.1', null],
		['mosquitto.org', null],
		['notbroker.hivemq.com', null],
		['broker.hivemq.com.evil.example', null],
		['my-cluster.s1.eu.hivemq.cloud', null],
	])('%s → %s', (host, expected) => {
		expect(publicBrokerOf(host)).toBe(expected);
	});
});

describe('isEverythingFilter', () => {
	it.each([
		['#', true],
		['+/#', true],
		['+/+/#', true],
		['$share/group/#', true],
		['$SYS/#', false],
		['a/#', false],
		['+', false],
		['+/a/#', false],
		['a', false],
	])('%s → %s', (filter, expected) => {
		expect(isEverythingFilter(filter)).toBe(expected);
	});
});

describe('firehoseWarning', () => {
	it('warns for # on a public broker, naming the broker and the filter', () => {
		expect(firehoseWarning('test.mosquitto.org', ['home/#', '#'])).toMatch(
			/^test\.mosquitto\.org is a public broker: subscribing to “#” there/,
		);
	});

	it('says nothing for a narrow filter on a public broker, or # on a private one', () => {
		expect(firehoseWarning('broker.hivemq.com', ['home/#', '$SYS/#'])).toBeNull();
		expect(firehoseWarning('mqtt.internal.example', ['#'])).toBeNull();
		expect(firehoseWarning('broker.hivemq.com', [])).toBeNull();
	});
});
