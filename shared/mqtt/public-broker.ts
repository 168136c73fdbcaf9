/**
 * Public test brokers, and the warning before subscribing to everything on one.
 *
 * On a public broker `#` receives every message of every user of it, often thousands per second
 * (MQTT Explorer was seen at 19 GB of RAM there, and an operator now refuses `#` to it). People
 * do it by accident: the default subscription of a new profile is `#`. The host name is the only
 * sign we have; the list holds the well-known public brokers, matched on the name or a sub-domain
 * of it, ignoring case and a trailing dot.
 */

/** Host names of public brokers (each also covers its sub-domains). */
export const PUBLIC_BROKER_HOSTS: readonly string[] = [
	'test.mosquitto.org',
	'broker.hivemq.com',
	'broker.mqttdashboard.com',
	'mqtt-dashboard.com',
	'broker.emqx.io',
	'mqtt.eclipseprojects.io',
	'iot.eclipse.org',
	'public.mqtthq.com',
	'public.cloud.shiftr.io',
	'broker.mqtt.cool',
	'mqtt.fluux.io',
	'test.mosca.io',
	'broker.mqtt-dashboard.com',
];

/** The public broker `host` belongs to ('broker.hivemq.com'), or null. */
export function publicBrokerOf(host: string): string | null {
	const name = host.trim().toLowerCase().replace(/\.$/, '');
	return PUBLIC_BROKER_HOSTS.find((known) => name === known || name.endsWith(`.${known}`)) ?? null;
}

/**
 * Whether `filter` receives every topic: `#`, `+/#`, `+/+/#`… (also as a shared subscription).
 * `$SYS/#` and `a/#` do not: they are one subtree.
 */
export function isEverythingFilter(filter: string): boolean {
	let levels = filter.split('/');
	if (levels[0] === '$share' && levels.length > 2) levels = levels.slice(2);
	return levels.at(-1) === '#' && levels.slice(0, -1).every((level) => level === '+');
}

/**
 * The warning to show before subscribing to `filters` on `host`, or null when there is none to
 * give (a private broker, or no filter that takes everything).
 */
export function firehoseWarning(host: string, filters: readonly string[]): string | null {
	const broker = publicBrokerOf(host);
	const filter = filters.find(isEverythingFilter);
	if (broker === null || filter === undefined) return null;
	return (
		`${broker} is a public broker: subscribing to “${filter}” there receives every message of ` +
		'every user of it, often thousands per second, and some operators block clients that do. ' +
		'A narrower filter (such as “my-device/#”) is kinder to them and to this app.'
	);
}
