/** The frames list by keyboard: the WAI-ARIA listbox pattern over the virtualised list. */
import AxeBuilder from '@axe-core/playwright';
import type { Locator } from '@playwright/test';
import { expect, test } from './fixtures';
import { openFrames, publishMany } from './frames-helpers';

const LOAD = 300;
/** CONNECT, CONNACK, SUBSCRIBE and SUBACK come before the load's PUBLISH frames. */
const SESSION_ROWS = 4;

/** The row the listbox names as active (aria-activedescendant). */
async function activeRow(list: Locator): Promise<Locator> {
	const id = await list.getAttribute('aria-activedescendant');
	expect(id).toBeTruthy();
	return list.page().locator(`[id="${id}"]`);
}

test('one Tab stop; arrows, Home, End and Page keys move the active row, which is inspected', async ({
	page,
	app,
	broker,
}) => {
	await openFrames(page, app.url, broker);
	const list = page.getByRole('listbox', { name: 'Frames' });
	await expect(list.locator('[data-type="SUBACK"]')).toHaveCount(1);
	await publishMany(broker, LOAD, (i) => `key/${i}`, 'e2e-keyboard-load');
	const rowCount = SESSION_ROWS + LOAD;
	await expect(list.getByRole('option', { name: /key\/299 / })).toBeVisible();

	// Rows are not Tab stops: the list is the one stop after the capabilities card's button.
	await expect(list).toHaveAttribute('tabindex', '0');
	await expect(list.locator('[tabindex]')).toHaveCount(0);
	await page.getByRole('button', { name: 'Check what it really does…' }).focus();
	await page.keyboard.press('Tab');
	await expect(list).toBeFocused();
	// Following the newest: the newest row is the active one.
	await expect(list).toHaveAttribute('aria-activedescendant', /row/);
	let row = await activeRow(list);
	await expect(row).toHaveAttribute('aria-posinset', String(rowCount));
	await expect(row).toHaveAttribute('aria-setsize', String(rowCount));

	const inspector = page.getByTestId('frame-inspector');
	await page.keyboard.press('ArrowUp');
	row = await activeRow(list);
	await expect(row).toHaveAttribute('aria-posinset', String(rowCount - 1));
	await expect(row).toHaveAttribute('aria-selected', 'true');
	await expect(row).toHaveAccessibleName(
		/^[\d:.]+ received PUBLISH key\/298 .*PUBLISH qos0 key\/298 \(3 B\)$/,
	);
	await expect(inspector.getByText('"key/298"')).toBeVisible();

	// Home: the first row, far outside the window main had sent; fetched, shown and inspected.
	await page.keyboard.press('Home');
	await expect(list.locator('[aria-posinset="1"]')).toBeInViewport();
	row = await activeRow(list);
	await expect(row).toHaveAttribute('aria-posinset', '1');
	await expect(row).toHaveAttribute('data-type', 'CONNECT');
	await expect(row).toHaveAttribute('aria-selected', 'true');
	await expect(inspector.locator('header strong')).toHaveText('CONNECT');

	await page.keyboard.press('ArrowDown');
	await page.keyboard.press('ArrowDown');
	row = await activeRow(list);
	await expect(row).toHaveAttribute('aria-posinset', '3');
	await expect(inspector.locator('header strong')).toHaveText('SUBSCRIBE');

	// Page Down: a page further (as many rows as fit), the row brought into view and inspected.
	await page.keyboard.press('PageDown');
	row = await activeRow(list);
	const paged = Number(await row.getAttribute('aria-posinset'));
	expect(paged).toBeGreaterThan(10);
	await expect(row).toBeInViewport();
	const pagedTopic = `key/${paged - SESSION_ROWS - 1}`;
	await expect(row.locator('.topic')).toHaveText(pagedTopic);
	await expect(inspector.getByText(`"${pagedTopic}"`)).toBeVisible();
	await page.keyboard.press('PageUp');
	await expect(await activeRow(list)).toHaveAttribute('aria-posinset', '3');
	await page.screenshot({ path: 'test-results/screenshots/frames-keyboard.png' });

	// End: the newest row, fetched from the other end of the list.
	await page.keyboard.press('End');
	await expect(list.locator(`[aria-posinset="${rowCount}"]`)).toBeInViewport();
	row = await activeRow(list);
	await expect(row).toHaveAttribute('aria-posinset', String(rowCount));
	await expect(inspector.getByText('"key/299"')).toBeVisible();

	// Tab leaves the list: no row took a Tab stop.
	await page.keyboard.press('Tab');
	await expect(list).not.toBeFocused();
	await expect(list.locator(':focus')).toHaveCount(0);

	const axe = await new AxeBuilder({ page }).include('[aria-label="Frames"]').analyze();
	const serious = axe.violations.filter(
		(violation) => violation.impact === 'serious' || violation.impact === 'critical',
	);
	expect(
		serious.map(
			(violation) =>
				`${violation.id}: ${violation.help} ${violation.nodes
					.map((n) => `${n.target.join(' ')} ${n.failureSummary ?? ''}`)
					.join(' | ')
					.slice(0, 1500)}`,
		),
	).toEqual([]);
});
