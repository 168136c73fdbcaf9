/** The annotated MQTT codec: decode frames with byte ranges, encode models, split streams. */
export { decodeFrame } from './decode';
export { chooseLevel, type ChosenLevel, type LevelBasis, type LevelContext } from './choose-level';
export { peekHeader, peekInto, type HeaderPeek, type PeekTarget } from './peek';
export { encodePacket, type EncodeOptions } from './encode';
export { FrameSplitter, type SplitResult } from './splitter';
export {
	parseHex,
	describeHexProblem,
	toHex,
	fromHexDigits,
	splitHexBlocks,
	isDumpLine,
	type HexBlock,
	type HexParseResult,
	type HexPosition,
	type HexProblem,
} from './hex';
export { frameToJson, packetFromJson, fieldBits, fieldRanges, fieldValues } from './json';
export { findUtf8Problem, type Utf8Problem } from './utf8';
export * from './types';
export type { Properties, PropertyName } from '../properties';
