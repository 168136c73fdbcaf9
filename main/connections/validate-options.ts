/** Checks connect options against the MQTT rules the broker would otherwise enforce, less kindly. */
import type { AppError } from '../../shared/result';
import type { Profile } from '../../shared/model/profile';
import { validateTopicFilter, validateTopicName } from '../../shared/mqtt/topic';

/** Returns the first problem with these options, or null when they can be sent. */
export function validateConnectOptions(options: Profile): AppError | null {
	const { clientId, protocolVersion, cleanSession } = options;
	// [MQTT-3.1.3-7] a zero-byte client id needs clean session on 3.1.1 (MQTT 5 lets the broker assign one).
	if (clientId === '' && protocolVersion === 4 && !cleanSession) {
		return {
			code: 'invalid-options',
			message:
				'MQTT 3.1.1 needs a client id when clean session is off [MQTT-3.1.3-7]: enter a client id or turn clean session on.',
		};
	}
	// MQTT 3.1 §3.1: the client identifier must be 1 to 23 characters.
	if (protocolVersion === 3 && (clientId.length < 1 || clientId.length > 23)) {
		return {
			code: 'invalid-options',
			message:
				'MQTT 3.1 needs a client id of 1 to 23 characters: shorten it or use MQTT 3.1.1 or 5.',
		};
	}
	// [MQTT-3.1.2-22] before MQTT 5, a password needs a user name.
	if (protocolVersion !== 5 && options.password !== '' && options.username === '') {
		return {
			code: 'invalid-options',
			message:
				'MQTT 3.1 and 3.1.1 do not allow a password without a user name [MQTT-3.1.2-22]: add a user name or use MQTT 5.',
		};
	}
	if (options.subscriptions.length === 0) {
		return { code: 'invalid-options', message: 'Add at least one topic filter to subscribe to.' };
	}
	for (const { filter } of options.subscriptions) {
		const checked = validateTopicFilter(filter);
		if (!checked.ok) {
			return {
				code: 'invalid-topic-filter',
				message: `Subscription filter ${filter}: ${checked.error.message}`,
			};
		}
	}
	if (options.will) {
		const checked = validateTopicName(options.will.topic);
		if (!checked.ok)
			return { code: 'invalid-topic', message: `Last Will topic: ${checked.error.message}` };
	}
	return null;
}
