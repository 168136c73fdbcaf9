// The few globals both Node and the browser provide; shared/ compiles without DOM or Node types.

interface TextDecodeOptions {
	stream?: boolean;
}
interface TextDecoderOptions {
	fatal?: boolean;
	ignoreBOM?: boolean;
}
declare class TextDecoder {
	constructor(label?: string, options?: TextDecoderOptions);
	readonly encoding: string;
	readonly fatal: boolean;
	decode(input?: ArrayBufferView | ArrayBuffer, options?: TextDecodeOptions): string;
}
declare class TextEncoder {
	readonly encoding: string;
	encode(input?: string): Uint8Array;
}
declare function setTimeout(handler: () => void, timeoutMs?: number): unknown;
declare function clearTimeout(handle: unknown): void;
declare const console: {
	// Only for code that must report a bug and has no logger; lint forbids it in shared/ and main/.
	error(...data: unknown[]): void;
};
declare const crypto: {
	getRandomValues<T extends Uint8Array>(array: T): T;
};
