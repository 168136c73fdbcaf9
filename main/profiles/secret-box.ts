/**
 * Encryption of profile secrets at rest: the `SecretBox` interface and its key-file implementation.
 *
 * The Electron shell prefers the OS keychain (`main/electron/safe-storage-box.ts`); browser mode and
 * systems without a keychain use a random key in a file only the user can read.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { err, ok, type AppError, type Result } from '../../shared/result';
import { createLogger } from '../log/logger';

const log = createLogger('profiles');

export interface SecretBox {
	readonly kind: 'os-keychain' | 'key-file';
	/** Shown in the UI so the user knows where the key lives. */
	readonly description: string;
	encrypt(plain: string): Uint8Array;
	/** Throws `SecretBoxError` when the data is damaged or was sealed by another key. */
	decrypt(data: Uint8Array): string;
}

/** Data that cannot be decrypted: damaged, tampered with, or sealed with another key or box. */
export class SecretBoxError extends Error {
	override readonly name = 'SecretBoxError';
}

/** First byte of every sealed blob; each box has its own so a mix-up is named, not garbled. */
export const FORMAT_KEY_FILE_V1 = 0x01;
export const FORMAT_SAFE_STORAGE_V1 = 0x02;

const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HEADER_BYTES = 1 + IV_BYTES + TAG_BYTES;

/**
 * A box sealing secrets with AES-256-GCM under a random key kept in `keyPath`.
 *
 * Creates the key (mode 0600, its folder 0700) when absent. Refuses a key file that group or others
 * may read, one owned by another user, or one of the wrong size: each would make secrets readable by
 * someone else or unreadable by us, and the user must decide what to do.
 */
export function createKeyFileSecretBox(keyPath: string): Result<SecretBox> {
	const key = loadOrCreateKey(keyPath);
	if (!key.ok) return key;
	const description = `Secrets are encrypted with a key in ${keyPath}, readable only by you (no OS keychain is used).`;
	return ok({
		kind: 'key-file',
		description,
		encrypt: (plain) => sealGcm(key.value, plain),
		decrypt: (data) => openGcm(key.value, data),
	});
}

function loadOrCreateKey(keyPath: string): Result<Buffer> {
	const existing = statOrNull(keyPath);
	if (existing === null) {
		mkdirSync(dirname(keyPath), { recursive: true, mode: 0o700 });
		const key = randomBytes(KEY_BYTES);
		try {
			// 'wx' fails rather than overwrite a key another process created meanwhile.
			writeFileSync(keyPath, key, { mode: 0o600, flag: 'wx' });
			log.info('created secrets key file', { keyPath });
			return ok(key);
		} catch (error) {
			if (!isErrnoCode(error, 'EEXIST')) return keyFileError(keyPath, error);
		}
	}
	const problem = checkKeyFile(keyPath);
	if (problem !== null) return { ok: false, error: problem };
	let key: Buffer;
	try {
		key = readFileSync(keyPath);
	} catch (error) {
		return keyFileError(keyPath, error);
	}
	if (key.length !== KEY_BYTES) {
		return err(
			'internal',
			`The secrets key file ${keyPath} is damaged (${key.length} bytes instead of ${KEY_BYTES}). Restore it from a backup, or delete it and enter the saved passwords again.`,
		);
	}
	return ok(key);
}

function checkKeyFile(keyPath: string): AppError | null {
	const stat = statSync(keyPath);
	if (!stat.isFile()) {
		return {
			code: 'internal',
			message: `The secrets key path ${keyPath} is not a file. Move it away and restart.`,
		};
	}
	// Windows has no POSIX mode bits: the file sits in the user's profile folder, protected by ACLs.
	if (process.platform === 'win32') return null;
	const mode = stat.mode & 0o777;
	if ((mode & 0o077) !== 0) {
		const octal = mode.toString(8).padStart(4, '0');
		return {
			code: 'internal',
			message: `The secrets key file ${keyPath} can be read by other users (mode ${octal}). Run \`chmod 600 ${keyPath}\` and restart.`,
		};
	}
	const uid = process.getuid?.();
	if (uid !== undefined && stat.uid !== uid) {
		return {
			code: 'internal',
			message: `The secrets key file ${keyPath} belongs to another user (uid ${stat.uid}). Only its owner may use it.`,
		};
	}
	return null;
}

function statOrNull(path: string): ReturnType<typeof statSync> | null {
	try {
		return statSync(path);
	} catch (error) {
		if (isErrnoCode(error, 'ENOENT')) return null;
		throw error;
	}
}

function keyFileError(keyPath: string, error: unknown): Result<never> {
	const detail = error instanceof Error ? error.message : String(error);
	return err('internal', `The secrets key file ${keyPath} cannot be read or created: ${detail}`, {
		detail,
	});
}

function isErrnoCode(error: unknown, code: string): boolean {
	return error instanceof Error && 'code' in error && error.code === code;
}

/** Layout: 1 byte format, 12-byte IV, 16-byte GCM tag, ciphertext. */
function sealGcm(key: Buffer, plain: string): Uint8Array {
	const iv = randomBytes(IV_BYTES);
	const cipher = createCipheriv('aes-256-gcm', key, iv);
	const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
	return Buffer.concat([Buffer.of(FORMAT_KEY_FILE_V1), iv, cipher.getAuthTag(), body]);
}

function openGcm(key: Buffer, data: Uint8Array): string {
	const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
	const format = bytes[0];
	if (format === FORMAT_SAFE_STORAGE_V1) {
		throw new SecretBoxError(
			'These secrets were encrypted with the OS keychain, which is not in use now.',
		);
	}
	if (format !== FORMAT_KEY_FILE_V1) {
		throw new SecretBoxError(`The encrypted data has an unknown format (${String(format)}).`);
	}
	if (bytes.length < HEADER_BYTES) throw new SecretBoxError('The encrypted data is truncated.');
	const iv = bytes.subarray(1, 1 + IV_BYTES);
	const tag = bytes.subarray(1 + IV_BYTES, HEADER_BYTES);
	const decipher = createDecipheriv('aes-256-gcm', key, iv);
	decipher.setAuthTag(tag);
	try {
		return Buffer.concat([
			decipher.update(bytes.subarray(HEADER_BYTES)),
			decipher.final(),
		]).toString('utf8');
	} catch (error) {
		// GCM authentication failed: the data or the key changed. Say so rather than crash.
		throw new SecretBoxError(
			'The encrypted data was altered or sealed with a different key: it cannot be decrypted.',
			{ cause: error },
		);
	}
}
