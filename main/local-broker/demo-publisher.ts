/**
 * Simulates a small house on the local broker so a new user sees a live tree within seconds.
 *
 * The simulation is pure (`createDemo`, `initialMessages`, `nextTick`): values are a function of the
 * seed and the tick count, which is what the tests check. `startDemoPublisher` only moves them to a
 * broker. It talks to MQTT.js directly, unlike the rest of main (STYLE §10): it plays a device on the
 * broker's side, so it needs none of Connection's state machine, frame tap or history.
 */
import mqtt, { type MqttClient } from 'mqtt';
import { createLogger } from '../log/logger.js';

const log = createLogger('demo-publisher');

export interface DemoMessage {
	readonly topic: string;
	readonly payload: string;
	readonly isRetained: boolean;
}

interface SensorSpec {
	readonly topic: string;
	readonly start: number;
	readonly min: number;
	readonly max: number;
	/** Largest random change per tick. */
	readonly stepMax: number;
}

export const SENSORS: readonly SensorSpec[] = [
	{ topic: 'maison/salon/temperature', start: 21.4, min: 17, max: 26, stepMax: 0.2 },
	{ topic: 'maison/salon/humidite', start: 46, min: 30, max: 70, stepMax: 1 },
	{ topic: 'maison/cuisine/temperature', start: 22.1, min: 17, max: 28, stepMax: 0.3 },
	{ topic: 'maison/cuisine/humidite', start: 55, min: 30, max: 80, stepMax: 1.5 },
	{ topic: 'maison/chambre/temperature', start: 19.6, min: 15, max: 24, stepMax: 0.2 },
];

export const METER_TOPIC = 'maison/compteur/electricite';
export const LIGHT_TOPIC = 'maison/salon/lumiere';
export const DOOR_TOPIC = 'maison/entree/porte';
export const BOILER_TOPIC = 'maison/chaudiere/etat';
export const WATERING_TOPIC = 'maison/jardin/arrosage';

/** Topics published on every tick, not retained. */
export const READING_TOPICS: readonly string[] = [...SENSORS.map((s) => s.topic), METER_TOPIC];
/** Topics holding a state: retained, published at start and on change. */
export const STATE_TOPICS: readonly string[] = [
	LIGHT_TOPIC,
	DOOR_TOPIC,
	BOILER_TOPIC,
	WATERING_TOPIC,
];

const BOILER_MODES = ['chauffage', 'eco', 'arret'] as const;

export interface DemoState {
	readonly readings: readonly number[];
	readonly powerW: number;
	readonly energyKwh: number;
	readonly isLightOn: boolean;
	readonly isDoorOpen: boolean;
	readonly boiler: {
		readonly mode: (typeof BOILER_MODES)[number];
		readonly consigne_c: number;
		readonly flamme: boolean;
	};
	readonly isWatering: boolean;
}

/** mulberry32: a tiny seeded generator; not for anything but simulated sensors. */
export function seededRandom(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const round = (value: number, decimals: number): number => {
	const factor = 10 ** decimals;
	return Math.round(value * factor) / factor;
};

export function createDemo(): DemoState {
	return {
		readings: SENSORS.map((s) => s.start),
		powerW: 420,
		energyKwh: 12_345.678,
		isLightOn: false,
		isDoorOpen: false,
		boiler: { mode: 'chauffage', consigne_c: 20.5, flamme: true },
		isWatering: false,
	};
}

function drift(value: number, spec: SensorSpec, random: () => number): number {
	const centre = (spec.min + spec.max) / 2;
	// A pull towards the middle keeps a long random walk from sticking to a bound.
	const next = value + (random() * 2 - 1) * spec.stepMax + (centre - value) * 0.02;
	return round(Math.min(spec.max, Math.max(spec.min, next)), 1);
}

function stateMessages(state: DemoState): DemoMessage[] {
	return [
		{ topic: LIGHT_TOPIC, payload: state.isLightOn ? 'on' : 'off', isRetained: true },
		{ topic: DOOR_TOPIC, payload: state.isDoorOpen ? 'ouverte' : 'fermee', isRetained: true },
		{ topic: BOILER_TOPIC, payload: JSON.stringify(state.boiler), isRetained: true },
		{ topic: WATERING_TOPIC, payload: state.isWatering ? 'actif' : 'inactif', isRetained: true },
	];
}

function readingMessages(state: DemoState, nowMs: number): DemoMessage[] {
	const sensors = SENSORS.map((spec, index) => ({
		topic: spec.topic,
		payload: String(state.readings[index] ?? spec.start),
		isRetained: false,
	}));
	const meter = JSON.stringify({
		puissance_w: state.powerW,
		energie_kwh: round(state.energyKwh, 3),
		ts: nowMs,
	});
	return [...sensors, { topic: METER_TOPIC, payload: meter, isRetained: false }];
}

/** The retained states and a first set of readings, published as soon as the client connects. */
export function initialMessages(state: DemoState, nowMs: number): DemoMessage[] {
	return [...stateMessages(state), ...readingMessages(state, nowMs)];
}

/** Advances the house by one tick: new readings every time, retained states only when changed. */
export function nextTick(
	state: DemoState,
	random: () => number,
	elapsedMs: number,
	nowMs: number,
): { state: DemoState; messages: DemoMessage[] } {
	const flip = (value: boolean, probability: number): boolean =>
		random() < probability ? !value : value;
	const readings = SENSORS.map((spec, index) =>
		drift(state.readings[index] ?? spec.start, spec, random),
	);
	const powerW = Math.round(
		Math.min(4_000, Math.max(150, state.powerW + (random() * 2 - 1) * 120)),
	);
	const modeIndex = Math.floor(random() * BOILER_MODES.length);
	const mode = random() < 0.01 ? (BOILER_MODES[modeIndex] ?? 'chauffage') : state.boiler.mode;
	const next: DemoState = {
		readings,
		powerW,
		energyKwh: state.energyKwh + (powerW * elapsedMs) / 3_600_000_000,
		isLightOn: flip(state.isLightOn, 0.05),
		isDoorOpen: flip(state.isDoorOpen, 0.03),
		boiler: {
			mode,
			consigne_c: mode === 'eco' ? 18 : mode === 'arret' ? 0 : 20.5,
			flamme: mode === 'arret' ? false : flip(state.boiler.flamme, 0.1),
		},
		isWatering: flip(state.isWatering, 0.02),
	};
	const before = stateMessages(state);
	const changed = stateMessages(next).filter((m, i) => m.payload !== before[i]?.payload);
	return { state: next, messages: [...readingMessages(next, nowMs), ...changed] };
}

export interface DemoPublisherOptions {
	/** Where to publish, usually the local broker's url. */
	readonly url: string;
	/** Mean time between readings; each wait is jittered by ±20 %. Default 1000. */
	readonly intervalMs?: number;
	/** Fixes the simulated values; random by default. */
	readonly seed?: number;
}

export interface DemoPublisher {
	/** Stops the timer and disconnects; safe to call twice. */
	stop(): Promise<void>;
}

function publish(client: MqttClient, message: DemoMessage): Promise<unknown> {
	return client.publishAsync(message.topic, message.payload, {
		qos: message.isRetained ? 1 : 0,
		retain: message.isRetained,
	});
}

/**
 * Connects to `url` and publishes the simulated house until stopped.
 *
 * Rejects when the first connection fails; after that MQTT.js reconnects on its own.
 */
export async function startDemoPublisher(options: DemoPublisherOptions): Promise<DemoPublisher> {
	const intervalMs = options.intervalMs ?? 1_000;
	const seed = options.seed ?? Math.floor(Math.random() * 2 ** 32);
	const random = seededRandom(seed);
	// Jitter draws from its own generator so values stay a function of the seed and tick count.
	const jitter = seededRandom(seed ^ 0x5bd1e995);
	const client = await mqtt.connectAsync(
		options.url,
		{
			clientId: `topicscope-demo-${seed.toString(16)}`,
			reconnectPeriod: 1_000,
			connectTimeout: 5_000,
			// Readings are worthless once stale: drop them while offline instead of queueing.
			queueQoSZero: false,
		},
		false,
	);

	let state = createDemo();
	let lastTickMs = Date.now();
	let timer: NodeJS.Timeout | undefined;
	let isStopped = false;

	const send = (messages: readonly DemoMessage[]): Promise<void> =>
		Promise.all(messages.map((message) => publish(client, message))).then(
			() => undefined,
			(error: unknown) => {
				// A tick racing stop() fails with 'client disconnecting': expected, not worth a warning.
				if (isStopped) return;
				// Offline: the next tick publishes fresh values anyway.
				log.warn('demo publish failed', { error, count: messages.length });
			},
		);

	const schedule = (): void => {
		timer = setTimeout(tick, intervalMs * (0.8 + 0.4 * jitter()));
	};
	const tick = (): void => {
		const nowMs = Date.now();
		const step = nextTick(state, random, nowMs - lastTickMs, nowMs);
		state = step.state;
		lastTickMs = nowMs;
		void send(step.messages);
		if (!isStopped) schedule();
	};

	await send(initialMessages(state, lastTickMs));
	schedule();
	log.info('demo publisher started', {
		intervalMs,
		topics: READING_TOPICS.length + STATE_TOPICS.length,
	});

	let stopping: Promise<void> | undefined;
	return {
		stop: () =>
			(stopping ??= (async () => {
				isStopped = true;
				clearTimeout(timer);
				await client.endAsync();
				log.info('demo publisher stopped');
			})()),
	};
}
