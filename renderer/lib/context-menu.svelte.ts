/**
 * A context menu's state: what it offers, where it is, what its last action said. One per view
 * (the tree, a list…), opened by right click or by keyboard (Shift+F10, the ContextMenu key).
 *
 * Wiring it to a row is a few lines: `oncontextmenu={(e) => menu.openAt(e, items)}` on the row,
 * and `if (isContextMenuKey(e)) menu.openBelow(rowElement, items)` in the keyboard handler.
 */
import type { Result } from '../../shared/result';

export interface ContextMenuItem {
	readonly label: string;
	/** Runs the action; its answer (a sentence, or why it failed) is announced. */
	readonly run: () => Promise<Result<string>> | Result<string>;
	readonly isDisabled?: boolean;
}

export interface MenuPosition {
	readonly x: number;
	readonly y: number;
}

/** Shift+F10 or the ContextMenu key: the keyboard's right click. */
export function isContextMenuKey(event: KeyboardEvent): boolean {
	return event.key === 'ContextMenu' || (event.shiftKey && event.key === 'F10');
}

export class ContextMenuState {
	items = $state.raw<readonly ContextMenuItem[]>([]);
	position = $state.raw<MenuPosition | null>(null);
	/** The last action's answer, for a live region. */
	status = $state.raw<{ readonly text: string; readonly isError: boolean } | null>(null);
	/** Where the focus goes back to when the menu closes. */
	#returnFocus: HTMLElement | null = null;

	get isOpen(): boolean {
		return this.position !== null;
	}

	/** Opens at the pointer of a right click (the browser's own menu is suppressed). */
	openAt(event: MouseEvent, items: readonly ContextMenuItem[]): void {
		event.preventDefault();
		this.#open({ x: event.clientX, y: event.clientY }, items);
	}

	/** Opens below an element: the keyboard's way, where there is no pointer. */
	openBelow(element: Element, items: readonly ContextMenuItem[]): void {
		const box = element.getBoundingClientRect();
		this.#open({ x: box.left + 24, y: box.bottom }, items);
	}

	close(): void {
		if (this.position === null) return;
		this.position = null;
		this.#returnFocus?.focus();
		this.#returnFocus = null;
	}

	async run(item: ContextMenuItem): Promise<void> {
		if (item.isDisabled) return;
		this.close();
		const result = await item.run();
		this.status = result.ok
			? { text: result.value, isError: false }
			: { text: result.error.message, isError: true };
	}

	#open(position: MenuPosition, items: readonly ContextMenuItem[]): void {
		const active = document.activeElement;
		this.#returnFocus = active instanceof HTMLElement ? active : null;
		this.items = items;
		this.status = null;
		this.position = position;
	}
}
