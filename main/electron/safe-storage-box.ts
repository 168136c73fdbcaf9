/**
 * The OS-keychain `SecretBox`: Electron's `safeStorage` (Keychain on macOS, DPAPI on Windows,
 * libsecret/kwallet on Linux).
 *
 * `safeStorage` is typed structurally so this module and its tests need no running Electron.
 */
import {
	FORMAT_KEY_FILE_V1,
	FORMAT_SAFE_STORAGE_V1,
	SecretBoxError,
	type SecretBox,
} from '../profiles/secret-box';

/** The part of Electron's `safeStorage` we use. */
export interface SafeStorageLike {
	isEncryptionAvailable(): boolean;
	encryptString(plainText: string): Buffer;
	decryptString(encrypted: Buffer): string;
	/** Linux only; 'basic_text' means a hard-coded key, i.e. no real protection. */
	getSelectedStorageBackend?(): string;
}

/**
 * A box over `safeStorage`, or null when the OS offers no real encryption.
 *
 * The shell then falls back to `createKeyFileSecretBox`. On Linux without a keyring Electron still
 * "encrypts" with a fixed, public key ('basic_text'); we treat that as unavailable, since a key
 * file readable only by the user protects better.
 */
export function createSafeStorageBox(safeStorage: SafeStorageLike): SecretBox | null {
	if (!safeStorage.isEncryptionAvailable()) return null;
	const backend = safeStorage.getSelectedStorageBackend?.();
	if (backend === 'basic_text' || backend === 'unknown') return null;
	const where =
		backend === undefined ? "the operating system's keychain" : `the ${backend} keyring`;
	return {
		kind: 'os-keychain',
		description: `Secrets are encrypted with a key kept in ${where}.`,
		encrypt: (plain) =>
			Buffer.concat([Buffer.of(FORMAT_SAFE_STORAGE_V1), safeStorage.encryptString(plain)]),
		decrypt: (data) => decrypt(safeStorage, data),
	};
}

function decrypt(safeStorage: SafeStorageLike, data: Uint8Array): string {
	const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
	const format = bytes[0];
	if (format === FORMAT_KEY_FILE_V1) {
		throw new SecretBoxError(
			'These secrets were encrypted with a key file, not the OS keychain in use now.',
		);
	}
	if (format !== FORMAT_SAFE_STORAGE_V1) {
		throw new SecretBoxError(`The encrypted data has an unknown format (${String(format)}).`);
	}
	try {
		return safeStorage.decryptString(bytes.subarray(1));
	} catch (error) {
		// The keychain entry changed (new user profile, reinstalled OS) or the data is damaged.
		throw new SecretBoxError(
			'The OS keychain could not decrypt these secrets: the data was altered or the keychain key changed.',
			{ cause: error },
		);
	}
}
