/**
 * Opening a connection for a command: MQTT 5 by default, falling back to 3.1.1 when the broker
 * refuses 5 (unless `-V` fixed the level, or what the command sends needs MQTT 5).
 */
import { randomUUID } from 'node:crypto';
import type { Profile } from '../../shared/model/profile';
import { PROTOCOL_NAMES, type ProtocolLevel } from '../../shared/mqtt/protocol';
import { err, ok, type AppError, type Result } from '../../shared/result';
import { Connection } from '../connections/connection';
export { closeClient, untilLost } from '../check/close-client';

/** Reason codes meaning "not this protocol version": 3.1.1's return code 1, MQTT 5's 132. */
export function isVersionRefused(error: AppError): boolean {
	return error.code === 'connack-refused' && (error.reasonCode === 1 || error.reasonCode === 132);
}

export interface OpenOptions {
	readonly isVersionFixed: boolean;
	/** Why MQTT 5 is needed (e.g. "the -D properties"), so that no fallback is made; else undefined. */
	readonly needsV5?: string;
	/** Hangs listeners on each connection made, before it opens. */
	readonly setup?: (connection: Connection) => void;
	/** A line for stderr: the fallback, when it happens. */
	readonly notice: (text: string) => void;
	/** How the fallback line names what goes on with 3.1.1 (default "using"). */
	readonly fallbackVerb?: string;
}

/** The level's name for messages: "MQTT 5.0", "MQTT 3.1.1". */
export function levelName(level: ProtocolLevel): string {
	return PROTOCOL_NAMES[level];
}

/** Opens `profile`; the connection on success, closed and explained on failure. */
export async function openClient(
	profile: Profile,
	options: OpenOptions,
): Promise<Result<Connection>> {
	const make = (p: Profile): Connection => {
		const connection = new Connection(randomUUID(), p);
		options.setup?.(connection);
		return connection;
	};
	let connection = make(profile);
	let opened = await connection.open();
	if (
		!opened.ok &&
		!options.isVersionFixed &&
		profile.protocolVersion === 5 &&
		isVersionRefused(opened.error)
	) {
		await connection.close();
		if (options.needsV5 !== undefined) {
			return err(
				'connack-refused',
				`The broker refused MQTT 5, which ${options.needsV5} need${options.needsV5.endsWith('s') ? '' : 's'}: it speaks an older MQTT.`,
				{ reasonCode: opened.error.reasonCode ?? 132 },
			);
		}
		options.notice(`the broker refused MQTT 5; ${options.fallbackVerb ?? 'using'} MQTT 3.1.1.`);
		connection = make({ ...profile, protocolVersion: 4 });
		opened = await connection.open();
	}
	if (!opened.ok) {
		await connection.close();
		return opened;
	}
	return ok(connection);
}

/** Resolves with the first of SIGINT, SIGTERM, SIGHUP; `stop` removes the handlers. */
export function onStopSignal(): { readonly signal: Promise<NodeJS.Signals>; stop(): void } {
	const names = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
	let resolve: (signal: NodeJS.Signals) => void = () => {};
	const signal = new Promise<NodeJS.Signals>((r) => (resolve = r));
	const handlers = names.map((name) => {
		const handler = (): void => resolve(name);
		process.once(name, handler);
		return [name, handler] as const;
	});
	return {
		signal,
		stop() {
			for (const [name, handler] of handlers) process.off(name, handler);
		},
	};
}
