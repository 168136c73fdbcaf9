/** How `$SYS` trees read: families, metric kinds, payload parsing, counters into rates. */
import { describe, expect, it } from 'vitest';
import {
	classifySysTopic,
	counterStep,
	familyFromVersion,
	metricInfo,
	parseSysNumber,
} from '../../../shared/broker/sys-metrics';

describe('$SYS families', () => {
	it('tells the layouts apart from the topic alone', () => {
		expect(classifySysTopic('$SYS/broker/messages/received')).toEqual({
			family: 'sys-broker',
			node: null,
			key: 'messages/received',
		});
		expect(classifySysTopic('$SYS/brokers/emqx@127.0.0.1/metrics/messages/received')).toEqual({
			family: 'emqx',
			node: 'emqx@127.0.0.1',
			key: 'metrics/messages/received',
		});
		expect(classifySysTopic('$SYS/brokers/emqx@10.0.0.2/version')?.key).toBe('version');
		// Client events are not metrics: one per client id would grow without bound.
		expect(classifySysTopic('$SYS/brokers/emqx@10.0.0.2/clients/dev-42/connected')).toEqual({
			family: 'emqx',
			node: 'emqx@10.0.0.2',
			key: null,
		});
		expect(classifySysTopic('$SYS/brokers/connected')?.family).toBe('nanomq');
		expect(classifySysTopic('$SYS/4f3c1a/heartbeat')).toEqual({
			family: 'aedes',
			node: null,
			key: null,
		});
		expect(classifySysTopic('$SYS/4f3c1a/new/clients')?.family).toBe('aedes');
		expect(classifySysTopic('plant/oven')).toBeNull();
		expect(classifySysTopic('$share/g/x')).toBeNull();
	});

	it('names the broker from its version string', () => {
		expect(familyFromVersion('mosquitto version 2.0.11')).toBe('mosquitto');
		expect(familyFromVersion('NanoMQ 0.21.2')).toBe('nanomq');
		expect(familyFromVersion('5.3.0')).toBeNull();
	});

	it('knows counters, gauges and text per family, and guesses the rest from their shape', () => {
		expect(metricInfo('mosquitto', 'messages/received').kind).toBe('counter');
		expect(metricInfo('mosquitto', 'clients/connected')).toEqual({
			label: 'Clients connected',
			kind: 'gauge',
			unit: '',
		});
		expect(metricInfo('mosquitto', 'load/messages/received/1min')).toEqual({
			label: 'Load messages received 1min',
			kind: 'gauge',
			unit: '/min',
		});
		expect(metricInfo('emqx', 'metrics/packets/publish/received')).toEqual({
			label: 'Packets publish received',
			kind: 'counter',
			unit: '',
		});
		expect(metricInfo('emqx', 'stats/suboptions/count').kind).toBe('gauge');
		expect(metricInfo('emqx', 'sysdescr').kind).toBe('text');
	});
});

describe('$SYS payloads', () => {
	it('reads numbers, mosquitto and EMQX durations, and refuses the rest', () => {
		expect(parseSysNumber('1234')).toBe(1234);
		expect(parseSysNumber('12.75')).toBe(12.75);
		expect(parseSysNumber('3600 seconds')).toBe(3600);
		expect(parseSysNumber('2 days, 3 hours, 4 minutes, 5 seconds')).toBe(
			2 * 86_400 + 3 * 3600 + 4 * 60 + 5,
		);
		expect(parseSysNumber('1 hours, 0 minutes, 7 seconds')).toBe(3607);
		expect(parseSysNumber('mosquitto version 2.0.11')).toBeNull();
		expect(parseSysNumber('')).toBeNull();
		expect(parseSysNumber('12 apples')).toBeNull();
	});
});

describe('counter → rate', () => {
	it('divides the increase by the seconds between readings', () => {
		expect(counterStep(1_000, 10_000, 1_250, 12_000)).toEqual({ rate: 125, isReset: false });
		expect(counterStep(500, 0, 500, 1_000)).toEqual({ rate: 0, isReset: false });
	});

	it('counts a counter that went down as a restart from zero', () => {
		// 90,000 before the restart, 300 counted since: 300 in 2 s, not -44,850/s.
		expect(counterStep(90_000, 0, 300, 2_000)).toEqual({ rate: 150, isReset: true });
	});

	it('gives no rate when the time did not move', () => {
		expect(counterStep(1, 5_000, 2, 5_000)).toEqual({ rate: null, isReset: false });
	});
});
