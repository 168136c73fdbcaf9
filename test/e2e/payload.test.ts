import AxeBuilder from '@axe-core/playwright';
import mqtt from 'mqtt';
import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { connectWithForm, selectTopic } from './app';
import { expect, test } from './fixtures';

const KB64 = 64 * 1024;

/** 5 MB in which every byte value occurs, in order, over and over. */
function everyByte(sizeBytes: number): Buffer {
	return Buffer.from(Uint8Array.from({ length: sizeBytes }, (_, i) => i % 256));
}

/** Clicks "Save to file" and returns the downloaded file's bytes and name. */
async function saveToFile(page: Page): Promise<{ bytes: Buffer; name: string }> {
	const [download] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('button', { name: 'Save to file' }).click(),
	]);
	return { bytes: await readFile(await download.path()), name: download.suggestedFilename() };
}

test('a 5 MB binary: an honest 64 KB preview, the whole of it paged, saved byte-exact', async ({
	page,
	app,
	broker,
}) => {
	const sent = everyByte(5 * 1024 * 1024);
	await connectWithForm(page, app.url, broker.port);
	const publisher = await mqtt.connectAsync(broker.url, { clientId: 'e2e-binary-publisher' });
	await publisher.publishAsync('camera/frame', sent, { qos: 1 });
	await publisher.endAsync();
	await selectTopic(page, 'camera/frame');

	await expect(page.getByTestId('payload-kind')).toHaveText('hex');
	await expect(page.getByTestId('preview-notice')).toHaveText(
		'Showing the first 64 KB of 5 MB (5,242,880 bytes).',
	);
	// The preview's dump goes on to the last of its 64 KB (it used to stop at 4 KB).
	const preview = page.getByTestId('message-payload');
	await expect(preview).toContainText(
		'0000fff0  f0 f1 f2 f3 f4 f5 f6 f7  f8 f9 fa fb fc fd fe ff  ................',
	);
	expect(((await preview.textContent()) ?? '').split('\n')).toHaveLength(KB64 / 16);
	await page.screenshot({ path: 'test-results/screenshots/payload-binary.png' });

	const saved = await saveToFile(page);
	expect(saved.name).toBe('camera_frame.bin');
	expect(saved.bytes.length).toBe(sent.length);
	expect(saved.bytes.equals(sent)).toBe(true);

	await page.getByRole('button', { name: 'View whole payload' }).click();
	const viewer = page.getByTestId('payload-viewer');
	await expect(viewer.getByTestId('viewer-info')).toHaveText('5 MB · 327,680 rows of 16 bytes');
	await expect(viewer.locator('[data-row="0"]')).toHaveText(
		'00000000  00 01 02 03 04 05 06 07  08 09 0a 0b 0c 0d 0e 0f  ................',
	);
	// The keyboard reaches the very end; that page is read when it comes into view.
	await viewer.getByRole('region', { name: 'Whole payload' }).focus();
	await page.keyboard.press('End');
	await expect(viewer.locator('[data-row="327679"]')).toHaveText(
		'004ffff0  f0 f1 f2 f3 f4 f5 f6 f7  f8 f9 fa fb fc fd fe ff  ................',
	);
	await page.screenshot({ path: 'test-results/screenshots/payload-viewer-hex.png' });
	const axe = await new AxeBuilder({ page }).include('[data-testid="message-panel"]').analyze();
	const serious = axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
	expect(serious.map((v) => v.id)).toEqual([]);
	await page.getByRole('button', { name: 'Back to preview' }).click();
	await expect(preview).toBeVisible();
});

test('a text cut inside a multi-byte character stays text, and is saved byte-exact', async ({
	page,
	app,
	broker,
	context,
}) => {
	await context.grantPermissions(['clipboard-read', 'clipboard-write']);
	// 'é' is two bytes: the first falls on the last byte of the 64 KB preview, the second after it.
	const lines = Array.from({ length: 2000 }, (_, i) => `ligne ${i}: température élevée €`);
	const head = 'a'.repeat(KB64 - 1);
	const text = `${head}é\n${lines.join('\n')}`;
	const sent = Buffer.from(text, 'utf8');
	expect(sent[KB64 - 1]).toBe(0xc3);
	await connectWithForm(page, app.url, broker.port);
	const publisher = await mqtt.connectAsync(broker.url, { clientId: 'e2e-text-publisher' });
	await publisher.publishAsync('logs/day', sent, { qos: 1 });
	await publisher.publishAsync('logs/tiny', Buffer.from([0x00, 0x01, 0xfe]), { qos: 1 });
	await publisher.endAsync();
	await selectTopic(page, 'logs/day');

	await expect(page.getByTestId('payload-kind')).toHaveText('text');
	await expect(page.getByTestId('preview-notice')).toContainText(
		`Showing the first 64 KB of ${Math.round((sent.length / 1024) * 10) / 10} KB`,
	);
	await expect(page.getByTestId('preview-notice')).toContainText('last whole character');
	const shown = (await page.getByTestId('message-payload').textContent()) ?? '';
	expect(shown).toBe(head);
	await page.screenshot({ path: 'test-results/screenshots/payload-cut-text.png' });

	const saved = await saveToFile(page);
	expect(saved.name).toBe('logs_day.txt');
	expect(saved.bytes.equals(sent)).toBe(true);

	await page.getByRole('button', { name: 'View whole payload' }).click();
	const viewer = page.getByTestId('payload-viewer');
	// 2,001 lines; the first is 64 KB long and wraps into rows, which are found as pages arrive.
	await expect(viewer.getByTestId('viewer-info')).not.toContainText('finding lines');
	await viewer.getByRole('region', { name: 'Whole payload' }).focus();
	await page.keyboard.press('End');
	await expect(viewer.getByText('ligne 1999: température élevée €')).toBeVisible();
	await expect(viewer.getByText('2001', { exact: true })).toBeVisible();
	await page.screenshot({ path: 'test-results/screenshots/payload-viewer-text.png' });
	// The same bytes as hex, from the top.
	await viewer.getByRole('button', { name: 'Hex' }).click();
	await expect(viewer.getByRole('button', { name: 'Hex' })).toHaveAttribute('aria-pressed', 'true');
	const sixteenA = Array.from({ length: 8 }, () => '61').join(' ');
	await expect(viewer.locator('[data-row="0"]')).toHaveText(
		`00000000  ${sixteenA}  ${sixteenA}  ${'a'.repeat(16)}`,
	);

	// Copy payload copies the whole text, not its preview.
	await page.getByRole('button', { name: 'Copy payload' }).click();
	await expect(page.getByTestId('action-status')).toHaveText(
		`Copied the payload as text (${Math.round((sent.length / 1024) * 10) / 10} KB).`,
	);
	expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(text);
	await page.getByRole('button', { name: 'Copy topic' }).click();
	await expect(page.getByTestId('action-status')).toHaveText('Copied the topic.');
	expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('logs/day');

	// A binary payload is copied as hex, and the panel says so.
	await selectTopic(page, 'logs/tiny');
	await page.getByRole('button', { name: 'Copy payload' }).click();
	await expect(page.getByTestId('action-status')).toHaveText(
		'Copied the payload as hex (3 B of binary).',
	);
	expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('0001fe');
});
