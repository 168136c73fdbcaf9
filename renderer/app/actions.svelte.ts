/**
 * The one action registry: the command palette lists it, the keyboard shortcuts run it, and the
 * Electron menu sends its choices to it. Every action is declared once (shared/model/app-actions.ts);
 * views that can run one register a handler while they are on screen (the publish panel registers
 * `publish.send`, a connection's view `connection.disconnect`…), so an action is enabled exactly
 * when something can do it.
 */
import { createContext, untrack } from 'svelte';
import {
	ACTIONS,
	matchesShortcut,
	type ActionId,
	type ActionSpec,
} from '../../shared/model/app-actions';

export interface ActionHandler {
	/** What it returns is not used (a promise is left to run). */
	run(): unknown;
	/** Absent: enabled while registered. */
	isEnabled?(): boolean;
}

export interface ListedAction {
	readonly spec: ActionSpec;
	readonly isEnabled: boolean;
}

export class ActionRegistry {
	/**
	 * Plain map plus a version: registering happens inside effects, which must not come to depend
	 * on the map they change (they would run again forever); readers depend on the version.
	 */
	// eslint-disable-next-line svelte/prefer-svelte-reactivity -- deliberately plain, see above
	readonly #handlers = new Map<ActionId, ActionHandler[]>();
	#version = $state(0);

	constructor(readonly isMac: boolean) {}

	/**
	 * Lets `handler` run `id` until the returned function is called. The latest registration wins
	 * (a dialog's over the page's), and the earlier one is back when it leaves.
	 */
	register(id: ActionId, handler: ActionHandler): () => void {
		this.#handlers.set(id, [...(this.#handlers.get(id) ?? []), handler]);
		this.#bump();
		return () => {
			const left = (this.#handlers.get(id) ?? []).filter((h) => h !== handler);
			if (left.length === 0) this.#handlers.delete(id);
			else this.#handlers.set(id, left);
			this.#bump();
		};
	}

	/** Registers several at once; returns one function that unregisters them all. */
	registerAll(handlers: Partial<Record<ActionId, ActionHandler>>): () => void {
		const undo = Object.entries(handlers).map(([id, handler]) =>
			this.register(id as ActionId, handler as ActionHandler),
		);
		return () => {
			for (const unregister of undo) unregister();
		};
	}

	#bump(): void {
		// Read untracked: the registering effect must not depend on what it changes.
		this.#version = untrack(() => this.#version) + 1;
	}

	#current(id: ActionId): ActionHandler | undefined {
		void this.#version;
		return this.#handlers.get(id)?.at(-1);
	}

	isEnabled(id: ActionId): boolean {
		const handler = this.#current(id);
		return handler !== undefined && (handler.isEnabled?.() ?? true);
	}

	/** Every action, in table order, with whether it can run now. */
	get list(): readonly ListedAction[] {
		return ACTIONS.map((spec) => ({ spec, isEnabled: this.isEnabled(spec.id) }));
	}

	get enabledIds(): readonly ActionId[] {
		return ACTIONS.filter((spec) => this.isEnabled(spec.id)).map((spec) => spec.id);
	}

	/** Runs `id` if it can run now; says whether it did. */
	run(id: ActionId): boolean {
		const handler = this.#current(id);
		if (handler === undefined || !(handler.isEnabled?.() ?? true)) return false;
		void handler.run();
		return true;
	}

	/**
	 * The shortcuts: runs the action a key press names and stops the browser's own use of the
	 * keys. A shortcut whose action cannot run now is left to the browser (Ctrl+F finds in the
	 * page where there is no tree).
	 */
	handleKeydown(event: KeyboardEvent): void {
		if (event.defaultPrevented || event.isComposing) return;
		for (const spec of ACTIONS) {
			const shortcuts = [spec.shortcut, spec.altShortcut];
			if (!shortcuts.some((s) => s !== undefined && matchesShortcut(s, event, this.isMac)))
				continue;
			if (this.run(spec.id)) {
				event.preventDefault();
				event.stopPropagation();
			}
			return;
		}
	}
}

export const [getActions, setActions] = createContext<ActionRegistry>();
