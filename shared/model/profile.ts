/**
 * Saved connection profiles: every MQTT 3.1 / 3.1.1 / 5.0 connection option, TLS material by
 * contents (not paths), and which fields are secrets (encrypted at rest, never sent back to the
 * renderer).
 */
import * as v from 'valibot';

const Text = (max: number) => v.pipe(v.string(), v.maxLength(max));
const UInt = (max: number) => v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(max));
const Hex = v.pipe(
	v.string(),
	v.maxLength(1_000_000),
	v.regex(/^([0-9a-fA-F]{2})*$/, 'expected hex bytes'),
);
const Pair = v.tuple([Text(65_535), Text(65_535)]);
const QosSchema = v.picklist([0, 1, 2]);

export const TRANSPORTS = ['mqtt', 'mqtts', 'ws', 'wss'] as const;
export type Transport = (typeof TRANSPORTS)[number];

/** TLS underneath: `mqtts` and `wss`. */
export function isSecureTransport(transport: Transport): boolean {
	return transport === 'mqtts' || transport === 'wss';
}

/** MQTT inside WebSocket frames: `ws` and `wss`. */
export function isWebSocketTransport(transport: Transport): boolean {
	return transport === 'ws' || transport === 'wss';
}

export const PayloadEncodingSchema = v.picklist(['text', 'hex', 'base64']);
export type PayloadEncoding = v.InferOutput<typeof PayloadEncodingSchema>;

export const WillSchema = v.strictObject({
	topic: Text(65_535),
	payload: Text(1_000_000),
	payloadEncoding: PayloadEncodingSchema,
	qos: QosSchema,
	retain: v.boolean(),
	// MQTT 5 will properties; ignored on 3.1 / 3.1.1.
	delayIntervalSeconds: v.optional(UInt(4_294_967_295)),
	messageExpiryIntervalSeconds: v.optional(UInt(4_294_967_295)),
	contentType: v.optional(Text(65_535)),
	responseTopic: v.optional(Text(65_535)),
	correlationDataHex: v.optional(Hex),
	payloadFormatIndicator: v.optional(v.boolean()),
	userProperties: v.optional(v.array(Pair)),
});
export type Will = v.InferOutput<typeof WillSchema>;

export const ConnectPropertiesSchema = v.strictObject({
	sessionExpiryIntervalSeconds: v.optional(UInt(4_294_967_295)),
	receiveMaximum: v.optional(v.pipe(UInt(65_535), v.minValue(1))),
	maximumPacketSize: v.optional(v.pipe(UInt(4_294_967_295), v.minValue(1))),
	topicAliasMaximum: v.optional(UInt(65_535)),
	requestResponseInformation: v.optional(v.boolean()),
	requestProblemInformation: v.optional(v.boolean()),
	userProperties: v.optional(v.array(Pair)),
	authenticationMethod: v.optional(Text(65_535)),
	authenticationDataHex: v.optional(Hex),
});
export type ConnectProperties = v.InferOutput<typeof ConnectPropertiesSchema>;

export const TlsSchema = v.strictObject({
	/** Trust the operating system's store, CA certificates given here, or both. */
	trust: v.picklist(['system', 'custom', 'system+custom']),
	caPem: v.optional(Text(1_000_000)),
	clientCertPem: v.optional(Text(1_000_000)),
	/** Secret. */
	clientKeyPem: v.optional(Text(1_000_000)),
	/** Secret: the passphrase of an encrypted client key or of the PKCS#12 bundle. */
	passphrase: v.optional(Text(1_024)),
	/** Secret: a PKCS#12 (.p12/.pfx) bundle, base64. */
	pkcs12Base64: v.optional(v.pipe(v.string(), v.maxLength(2_000_000), v.base64())),
	alpnProtocols: v.optional(v.array(Text(255))),
	/** SNI and certificate name to expect, when it differs from the host. */
	serverName: v.optional(Text(253)),
	minVersion: v.optional(v.picklist(['TLSv1.2', 'TLSv1.3'])),
	/** Off only on purpose: the connection then shows a persistent warning. */
	verifyServer: v.boolean(),
});
export type TlsOptions = v.InferOutput<typeof TlsSchema>;

export const ReconnectSchema = v.strictObject({
	isEnabled: v.boolean(),
	initialDelayMs: v.pipe(UInt(3_600_000), v.minValue(100)),
	maxDelayMs: v.pipe(UInt(3_600_000), v.minValue(100)),
	/** 0 means no limit. */
	maxAttempts: UInt(1_000_000),
	resubscribe: v.boolean(),
});
export type ReconnectPolicy = v.InferOutput<typeof ReconnectSchema>;

export const SubscriptionSchema = v.strictObject({
	filter: v.pipe(v.string(), v.minLength(1), v.maxLength(65_535)),
	qos: QosSchema,
	noLocal: v.optional(v.boolean()),
	retainAsPublished: v.optional(v.boolean()),
	retainHandling: v.optional(v.picklist([0, 1, 2])),
	/** A subscription kept in the profile but not sent; absent means enabled. */
	isEnabled: v.optional(v.boolean()),
});
export type SubscriptionSpec = v.InferOutput<typeof SubscriptionSchema>;

/** Everything a profile holds, secrets included: what main stores and connects with. */
export const ProfileSchema = v.strictObject({
	name: v.pipe(v.string(), v.trim(), v.minLength(1, 'Give the profile a name.'), v.maxLength(200)),
	folder: Text(500),
	transport: v.picklist(TRANSPORTS),
	host: v.pipe(v.string(), v.trim(), v.minLength(1, 'Enter a host name.'), v.maxLength(253)),
	port: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(65_535)),
	/** WebSocket path, e.g. /mqtt. */
	wsPath: Text(2_000),
	wsHeaders: v.array(Pair),
	protocolVersion: v.picklist([3, 4, 5]),
	clientId: Text(65_535),
	username: Text(65_535),
	/** Secret. */
	password: Text(65_535),
	keepAliveSeconds: UInt(65_535),
	cleanSession: v.boolean(),
	connectTimeoutMs: v.pipe(UInt(120_000), v.minValue(100)),
	subscriptions: v.pipe(v.array(SubscriptionSchema), v.maxLength(1_000)),
	will: v.optional(WillSchema),
	properties: ConnectPropertiesSchema,
	tls: TlsSchema,
	reconnect: ReconnectSchema,
});
export type Profile = v.InferOutput<typeof ProfileSchema>;

export type ProfileId = string;

export const SECRET_FIELDS = ['password', 'clientKeyPem', 'passphrase', 'pkcs12Base64'] as const;
export type SecretField = (typeof SECRET_FIELDS)[number];

/** A stored profile as the renderer sees it: secrets replaced by whether each is set. */
export interface ProfileView {
	readonly id: ProfileId;
	readonly profile: Omit<Profile, 'password' | 'tls'> & {
		readonly password: '';
		readonly tls: Omit<TlsOptions, 'clientKeyPem' | 'passphrase' | 'pkcs12Base64'>;
	};
	readonly secretsSet: Readonly<Record<SecretField, boolean>>;
	readonly createdAt: number;
	readonly updatedAt: number;
}

export const DEFAULT_PROFILE: Profile = {
	name: 'New connection',
	folder: '',
	transport: 'mqtt',
	host: 'localhost',
	port: 1883,
	wsPath: '/mqtt',
	wsHeaders: [],
	protocolVersion: 5,
	clientId: '',
	username: '',
	password: '',
	keepAliveSeconds: 60,
	cleanSession: true,
	connectTimeoutMs: 10_000,
	// Retain As Published (MQTT 5) so live retained messages show their retain flag too.
	subscriptions: [{ filter: '#', qos: 2, retainAsPublished: true }],
	properties: {},
	tls: { trust: 'system', verifyServer: true },
	reconnect: {
		isEnabled: true,
		initialDelayMs: 1_000,
		maxDelayMs: 30_000,
		maxAttempts: 0,
		resubscribe: true,
	},
};

/** The default port of each transport. */
export const DEFAULT_PORTS: Readonly<Record<Transport, number>> = {
	mqtt: 1883,
	mqtts: 8883,
	ws: 8080,
	wss: 8081,
};

/** From the renderer: a string sets the secret, null clears it, an absent key keeps it. */
export type SecretUpdates = Partial<Record<SecretField, string | null>>;

const OptionalSecret = v.optional(v.nullable(v.pipe(v.string(), v.maxLength(2_000_000))));
export const SecretUpdatesSchema = v.strictObject({
	password: OptionalSecret,
	clientKeyPem: OptionalSecret,
	passphrase: OptionalSecret,
	pkcs12Base64: OptionalSecret,
});

export interface SecretStorageInfo {
	readonly kind: 'os-keychain' | 'key-file';
	/** Shown in the UI: where and how secrets are encrypted. */
	readonly description: string;
}

export interface ProfilesOverview {
	readonly profiles: readonly ProfileView[];
	readonly folders: readonly string[];
	readonly secretStorage: SecretStorageInfo;
}

/** Something the user should know about one profile of an import. */
export interface ProfileImportProblem {
	/** The profile's name in the file, or its position when it has none. */
	readonly name: string;
	readonly message: string;
	/** True when the profile was not imported; false for a note about an imported one. */
	readonly isSkipped: boolean;
}

export interface ProfileImportReport {
	/** Profiles added, copies kept beside a saved profile included. */
	readonly imported: number;
	/** Saved profiles that took the file's settings. */
	readonly replaced: number;
	/** Profiles not imported: invalid ones, and those the user chose to skip. */
	readonly skipped: number;
	/** The profiles added and replaced. */
	readonly profileIds: readonly string[];
	readonly problems: readonly ProfileImportProblem[];
}

export const IMPORT_FORMATS = ['topicscope', 'mqtt-explorer', 'mqttx'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/**
 * What happens to an incoming profile that is already saved.
 *
 * `skip` leaves the saved one as it is; `replace` gives the saved one (same id, so the same row) the
 * file's settings; `keep-both` adds the file's as a new profile named "<name> (imported)".
 */
export const IMPORT_ACTIONS = ['skip', 'replace', 'keep-both'] as const;
export type ImportAction = (typeof IMPORT_ACTIONS)[number];

/**
 * Why an incoming profile is taken for a saved one, strongest first: the id a Topicscope export
 * carries; the same name in the same folder with the same address (transport, host, port); or the
 * same name in the same folder at another address (the broker moved, or two profiles would be told
 * apart by their address alone).
 */
export type ImportMatchReason = 'same-id' | 'same-name-and-address' | 'same-name';

/** A profile as the import question shows it. */
export interface ImportProfileSummary {
	readonly name: string;
	readonly folder: string;
	/** `transport://host:port`. */
	readonly address: string;
}

export interface ImportMatch {
	/** The profile's position among the file's profiles: what a per-profile choice names. */
	readonly index: number;
	readonly incoming: ImportProfileSummary;
	readonly existing: ImportProfileSummary & { readonly id: ProfileId };
	readonly reason: ImportMatchReason;
}

/** The user's answer: one action for every match, and per-profile exceptions by file position. */
export const ImportChoicesSchema = v.strictObject({
	action: v.picklist(IMPORT_ACTIONS),
	byIndex: v.optional(
		v.pipe(
			v.array(
				v.strictObject({
					index: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(1_000_000)),
					action: v.picklist(IMPORT_ACTIONS),
				}),
			),
			v.maxLength(10_000),
		),
	),
});
export type ImportChoices = v.InferOutput<typeof ImportChoicesSchema>;

/**
 * An import either went through (no incoming profile was already saved, or the user chose what to
 * do) or wrote nothing and lists the matches to ask about.
 */
export type ProfileImportResult =
	| { readonly kind: 'imported'; readonly report: ProfileImportReport }
	| {
			readonly kind: 'matches';
			readonly matches: readonly ImportMatch[];
			/** Valid profiles in the file, matched or not. */
			readonly profileCount: number;
			/** Profiles that will be skipped whatever the answer (invalid), and notes on others. */
			readonly problems: readonly ProfileImportProblem[];
	  };
