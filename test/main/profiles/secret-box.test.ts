import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
	createSafeStorageBox,
	type SafeStorageLike,
} from '../../../main/electron/safe-storage-box';
import {
	createKeyFileSecretBox,
	SecretBoxError,
	type SecretBox,
} from '../../../main/profiles/secret-box';

const isPosix = process.platform !== 'win32';
let dir: string;

beforeEach(async () => {
	dir = await mkdtemp(join(tmpdir(), 'topicscope-secret-box-'));
});
afterEach(async () => {
	await rm(dir, { recursive: true, force: true });
});

function keyFileBox(path: string): SecretBox {
	const box = createKeyFileSecretBox(path);
	if (!box.ok) throw new Error(box.error.message);
	return box.value;
}

/** A stand-in for Electron's safeStorage: reversible, but not the identity. */
function fakeSafeStorage(backend?: string): SafeStorageLike {
	const flip = (bytes: Buffer) => Buffer.from(bytes.map((byte) => byte ^ 0x5a));
	return {
		isEncryptionAvailable: () => true,
		encryptString: (text) => Buffer.concat([Buffer.from('v10'), flip(Buffer.from(text))]),
		decryptString: (data) => {
			if (data.subarray(0, 3).toString() !== 'v10') throw new Error('Error while decrypting');
			return flip(data.subarray(3)).toString();
		},
		...(backend === undefined ? {} : { getSelectedStorageBackend: () => backend }),
	};
}

describe('createKeyFileSecretBox', () => {
	it('creates a 32-byte key readable only by the user, in a folder only the user can enter', async () => {
		const keyPath = join(dir, 'nested', 'secrets.key');
		const box = keyFileBox(keyPath);
		expect(box.kind).toBe('key-file');
		expect(box.description).toContain(keyPath);
		expect((await readFile(keyPath)).length).toBe(32);
		if (isPosix) {
			expect((await stat(keyPath)).mode & 0o777).toBe(0o600);
			expect((await stat(join(dir, 'nested'))).mode & 0o777).toBe(0o700);
		}
	});

	it('round-trips text and uses a fresh IV each time', () => {
		const box = keyFileBox(join(dir, 'k'));
		const a = box.encrypt('pässwörd ✓');
		const b = box.encrypt('pässwörd ✓');
		expect(Buffer.from(a).equals(Buffer.from(b))).toBe(false);
		expect(a[0]).toBe(1);
		expect(a.length).toBe(1 + 12 + 16 + Buffer.byteLength('pässwörd ✓'));
		expect(box.decrypt(a)).toBe('pässwörd ✓');
	});

	it('reuses the existing key, so data sealed before a restart still opens', () => {
		const keyPath = join(dir, 'k');
		const sealed = keyFileBox(keyPath).encrypt('kept');
		expect(keyFileBox(keyPath).decrypt(sealed)).toBe('kept');
	});

	it.skipIf(!isPosix)('refuses a key file that other users can read', async () => {
		const keyPath = join(dir, 'k');
		keyFileBox(keyPath);
		await chmod(keyPath, 0o644);
		const box = createKeyFileSecretBox(keyPath);
		expect(box.ok).toBe(false);
		if (box.ok) return;
		expect(box.error.message).toContain('can be read by other users (mode 0644)');
		expect(box.error.message).toContain(`chmod 600 ${keyPath}`);
	});

	it('refuses a key file of the wrong size', async () => {
		const keyPath = join(dir, 'k');
		await writeFile(keyPath, Buffer.alloc(10), { mode: 0o600 });
		const box = createKeyFileSecretBox(keyPath);
		expect(box.ok ? '' : box.error.message).toContain('damaged (10 bytes instead of 32)');
	});

	it('gives a SecretBoxError, not a crash, for tampered, truncated or foreign data', () => {
		const box = keyFileBox(join(dir, 'k'));
		const sealed = box.encrypt('secret');
		const tampered = Uint8Array.from(sealed);
		tampered[tampered.length - 1] = (tampered[tampered.length - 1] ?? 0) ^ 1;
		expect(() => box.decrypt(tampered)).toThrow(SecretBoxError);
		expect(() => box.decrypt(tampered)).toThrow(/altered or sealed with a different key/);
		expect(() => box.decrypt(sealed.subarray(0, 5))).toThrow(/truncated/);
		const other = keyFileBox(join(dir, 'other'));
		expect(() => other.decrypt(sealed)).toThrow(SecretBoxError);
		const keychain = createSafeStorageBox(fakeSafeStorage());
		expect(() => box.decrypt(keychain?.encrypt('x') ?? new Uint8Array())).toThrow(
			/encrypted with the OS keychain/,
		);
	});
});

describe('createSafeStorageBox', () => {
	it('wraps safeStorage as an os-keychain box with its own format byte', () => {
		const box = createSafeStorageBox(fakeSafeStorage('gnome_libsecret'));
		expect(box?.kind).toBe('os-keychain');
		expect(box?.description).toContain('gnome_libsecret');
		const sealed = box?.encrypt('hunter2') ?? new Uint8Array();
		expect(sealed[0]).toBe(2);
		expect(Buffer.from(sealed).includes('hunter2')).toBe(false);
		expect(box?.decrypt(sealed)).toBe('hunter2');
	});

	it('is unavailable when safeStorage cannot encrypt or would use a fixed key', () => {
		expect(createSafeStorageBox({ ...fakeSafeStorage(), isEncryptionAvailable: () => false })).toBe(
			null,
		);
		expect(createSafeStorageBox(fakeSafeStorage('basic_text'))).toBe(null);
	});

	it('turns a decryption failure into a SecretBoxError', () => {
		const box = createSafeStorageBox(fakeSafeStorage());
		expect(() => box?.decrypt(Uint8Array.of(2, 1, 2, 3))).toThrow(SecretBoxError);
		const keyFile = keyFileBox(join(dir, 'k'));
		expect(() => box?.decrypt(keyFile.encrypt('x'))).toThrow(/encrypted with a key file/);
	});
});
