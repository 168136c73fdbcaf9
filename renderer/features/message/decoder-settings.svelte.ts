/**
 * The decoder settings as the renderer shows them (bindings, .proto files, message types): read
 * from main when a panel opens and after every change made here. Main holds the truth and applies
 * the bindings itself, so a stale copy here can only show an old list, never decode wrongly.
 */
import type { Binding } from '../../../shared/decode/binding';
import type { Decoder } from '../../../shared/decode/decoder';
import type { DecoderSettings } from '../../../shared/decode/settings';
import type { AppError, Result } from '../../../shared/result';
import { api } from '../../lib/api';

export class DecoderSettingsState {
	settings = $state.raw<DecoderSettings | null>(null);
	error = $state.raw<AppError | null>(null);
	/** Bumped on every change made here: decodes that depend on the bindings run again. */
	version = $state(0);

	constructor() {
		void this.reload();
	}

	get bindings(): readonly Binding[] {
		return this.settings?.bindings ?? [];
	}

	get messageTypes(): readonly string[] {
		return this.settings?.messageTypes ?? [];
	}

	async reload(): Promise<void> {
		this.#take(await api.invoke('decoders:settings', {}), false);
	}

	bind(filter: string, decoder: Decoder): Promise<Result<DecoderSettings>> {
		return this.#change(api.invoke('decoders:bind', { filter, decoder }));
	}

	unbind(filter: string): Promise<Result<DecoderSettings>> {
		return this.#change(api.invoke('decoders:unbind', { filter }));
	}

	saveProto(name: string, text: string): Promise<Result<DecoderSettings>> {
		return this.#change(api.invoke('decoders:save-proto', { name, text }));
	}

	removeProto(name: string): Promise<Result<DecoderSettings>> {
		return this.#change(api.invoke('decoders:remove-proto', { name }));
	}

	async #change(request: Promise<Result<DecoderSettings>>): Promise<Result<DecoderSettings>> {
		const result = await request;
		this.#take(result, true);
		return result;
	}

	#take(result: Result<DecoderSettings>, isChange: boolean): void {
		if (!result.ok) {
			this.error = result.error;
			return;
		}
		this.error = null;
		this.settings = result.value;
		if (isChange) this.version += 1;
	}
}
