/**
 * Main's answers to the desktop channels (shared/ipc/desktop-contract.ts): settings, About and
 * its folders, updates, copy as mosquitto_pub, find in tree.
 */
import type { DesktopResponses } from '../../shared/ipc/desktop-contract';
import { mosquittoPubCommand } from '../../shared/model/mosquitto-pub';
import type { Profile } from '../../shared/model/profile';
import { err, ok } from '../../shared/result';
import type { Core } from '../core/core';
import { aboutInfo } from '../desktop/about';
import { findTopics } from '../desktop/tree-find';
import { findMessage, payloadFileName } from '../topics/payload-page';
import type { Handlers } from './handlers';

type DesktopHandlers = Pick<Handlers, keyof DesktopResponses>;

function aboutOf(core: Core): DesktopResponses['app:about'] {
	const store = core.profiles.ok ? core.profiles.value.store : null;
	return aboutInfo({
		version: core.options.version,
		shell: core.options.shell,
		sqliteVersion: store?.sqliteVersion() ?? null,
		dataDir: core.options.dataDir ?? null,
		logDir: core.options.logDir ?? null,
		canOpenFolders: core.options.openFolder !== undefined,
	});
}

/** What the command needs from a profile's TLS settings: which secrets are set, never them. */
function tlsFacts(profile: Profile) {
	const { tls } = profile;
	return {
		trust: tls.trust,
		hasClientCertificate: Boolean(tls.clientCertPem),
		hasPkcs12: Boolean(tls.pkcs12Base64),
		hasKeyPassphrase: Boolean(tls.passphrase),
		...(tls.alpnProtocols ? { alpnProtocols: tls.alpnProtocols } : {}),
		...(tls.serverName ? { serverName: tls.serverName } : {}),
		...(tls.minVersion ? { minVersion: tls.minVersion } : {}),
		verifyServer: tls.verifyServer,
	};
}

export const desktopHandlers = {
	'settings:get': (_payload, core) => ok(core.settings.get()),
	'settings:update': (patch, core) => ok(core.settings.update(patch)),
	'app:about': (_payload, core) => ok(aboutOf(core)),
	'app:open-folder': async ({ folder }, core) => {
		const open = core.options.openFolder;
		const path = folder === 'logs' ? core.options.logDir : core.options.dataDir;
		if (open === undefined || path === undefined) {
			return err(
				'invalid-request',
				'This window cannot open folders on the computer running Topicscope: the About dialog shows their paths.',
			);
		}
		return open(path);
	},
	'updates:check': async (_payload, core) => ok(await core.updates.check(true)),
	'updates:download': (_payload, core) => core.updates.download(),
	'updates:install': (_payload, core) => core.updates.install(),
	'topic:publish-command': ({ connectionId, ...which }, core) => {
		const tree = core.trees.get(connectionId);
		const connection = core.connections.get(connectionId);
		if (!tree || !connection) {
			return err('not-found', `No connection with id ${connectionId}: it may have been closed.`);
		}
		const found = findMessage(tree, which);
		if (!found.ok) return found;
		const { profile } = connection;
		const { last } = found.value;
		return ok(
			mosquittoPubCommand({
				connection: {
					transport: profile.transport,
					host: profile.host,
					port: profile.port,
					protocolVersion: profile.protocolVersion,
					username: profile.username,
					hasPassword: profile.password !== '',
					tls: tlsFacts(profile),
				},
				message: {
					topic: which.topic,
					payload: last.payload,
					qos: last.qos,
					retain: last.retain,
					properties: last.properties,
				},
				payloadFileName: payloadFileName(which.topic, last.payload),
			}),
		);
	},
	'tree:find': ({ connectionId, text, limit }, core) => {
		const tree = core.trees.get(connectionId);
		if (!tree)
			return err('not-found', `No connection with id ${connectionId}: it may have been closed.`);
		return ok(findTopics(tree, text, limit));
	},
} satisfies DesktopHandlers;
