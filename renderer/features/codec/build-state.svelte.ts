/** The build side of the codec panel: the packet being filled in, its encoding, copy feedback. */
import type { PropertyName } from '../../../shared/mqtt/properties';
import { encodeDraft, spacedHex, type BuildResult } from './build-packet';
import { newDraft, type PacketDraft } from './packet-draft';

export type PropertyBlock = 'properties' | 'willProperties';

export class BuildState {
	draft = $state<PacketDraft>(newDraft());
	/** What the last copy did, shown beside the button; empty before the first copy. */
	copyStatus = $state('');
	#nextId = 1;

	readonly result: BuildResult = $derived(encodeDraft(this.draft));
	readonly spacedHex = $derived(this.result.ok ? spacedHex(this.result.hex) : '');

	addProperty(block: PropertyBlock, name: PropertyName): void {
		this.draft[block].push({ id: this.#nextId++, name, value: '' });
	}

	removeProperty(block: PropertyBlock, id: number): void {
		this.draft[block] = this.draft[block].filter((entry) => entry.id !== id);
	}

	addSubscription(): void {
		this.draft.subscriptions.push({
			id: this.#nextId++,
			topicFilter: '',
			qos: 0,
			noLocal: false,
			retainAsPublished: false,
			retainHandling: 0,
		});
	}

	removeSubscription(id: number): void {
		this.draft.subscriptions = this.draft.subscriptions.filter((entry) => entry.id !== id);
	}

	/** Copies the hex; says so when the clipboard is missing or refuses (no permission, no focus). */
	async copy(): Promise<void> {
		if (!this.result.ok) return;
		const fallback = 'Copying is not available here: select the hex and press Ctrl+C.';
		if (typeof navigator.clipboard?.writeText !== 'function') {
			this.copyStatus = fallback;
			return;
		}
		try {
			await navigator.clipboard.writeText(this.result.hex);
			this.copyStatus = 'Copied.';
		} catch (caught) {
			// A refusal is an answer, not a bug: tell the user how to copy by hand.
			this.copyStatus = `${fallback} (${caught instanceof Error ? caught.message : String(caught)})`;
		}
	}
}
