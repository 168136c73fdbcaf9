/** Messages between main and the decode worker thread (structured clone: plain data and bytes). */
import type { DecodedPayload } from '../../shared/decode/decoder';
import type { DecodeInput } from './pipeline';
import type { ProtoSource } from './proto-schemas';

export interface ToDecodeWorker {
	readonly id: number;
	readonly input: Omit<DecodeInput, 'schemas'>;
	/** The version of the .proto files the input is to be decoded with. */
	readonly protoVersion: number;
	/** The .proto files, sent when the worker has not seen this version yet. */
	readonly protoSources?: readonly ProtoSource[];
}

export type FromDecodeWorker =
	| { readonly id: number; readonly result: DecodedPayload }
	| { readonly id: number; readonly error: string };
