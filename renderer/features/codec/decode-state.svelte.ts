/** The decode side of the codec panel: the pasted text, the chosen level, the field under focus. */
import type { DecodedFrame, Field } from '../../../shared/mqtt/codec/types';
import { innermostField, type ByteRange } from '../../lib/field-path';
import { decodeInput, type DecodeResult, type LevelChoice } from './decode-input';

export class DecodeState {
	text = $state('');
	level = $state<LevelChoice>('auto');
	// The text for which the user asked Auto for its other reading: new text means a new choice.
	#otherShownFor = $state<string | null>(null);
	// Tied to the frame it came from, so editing the text never highlights a stale range.
	#active = $state.raw<{ readonly frame: DecodedFrame; readonly field: Field } | null>(null);

	readonly result: DecodeResult = $derived(
		decodeInput(this.text, this.level, this.#otherShownFor === this.text),
	);
	readonly frame: DecodedFrame | null = $derived(
		this.result.kind === 'frame' ? this.result.frame : null,
	);

	get activeField(): Field | null {
		return this.#active !== null && this.#active.frame === this.frame ? this.#active.field : null;
	}

	get highlight(): ByteRange | null {
		const field = this.activeField;
		return field === null ? null : { start: field.start, end: field.end };
	}

	/** Puts bytes in the decode box, as text, with the level to read them at. */
	load(hex: string, level: LevelChoice): void {
		this.text = hex;
		this.level = level;
		this.#active = null;
		this.#otherShownFor = null;
	}

	/** On Auto, shows the other level's reading of these bytes (when both read them cleanly). */
	showOtherReading(): void {
		this.#otherShownFor = this.text;
	}

	/** Back to the reading Auto chose. */
	showChosenReading(): void {
		this.#otherShownFor = null;
	}

	focusField(field: Field | null): void {
		this.#active = field === null || this.frame === null ? null : { frame: this.frame, field };
	}

	/** Hovering a byte focuses the innermost field holding it. */
	focusByte(offset: number | null): void {
		if (offset === null || this.frame === null) return this.focusField(null);
		this.focusField(innermostField(this.frame.fields, offset));
	}
}
