/** The codec panel: which side is shown and the hand-over from the builder to the decoder. */
import { createContext } from 'svelte';
import { BuildState } from './build-state.svelte';
import { DecodeState } from './decode-state.svelte';

export type CodecTab = 'decode' | 'build';

export class CodecState {
	readonly decode = new DecodeState();
	readonly build = new BuildState();
	tab = $state<CodecTab>('decode');

	/** "Decode this": the built frame goes into the decode box at the builder's level. */
	decodeBuilt(): void {
		if (!this.build.result.ok) return;
		this.decode.load(this.build.spacedHex, this.build.draft.level);
		this.tab = 'decode';
	}
}

export const [getCodec, setCodec] = createContext<CodecState>();
