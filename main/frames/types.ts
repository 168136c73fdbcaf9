/**
 * Frame types: the shared ones cross IPC (shared/model/frames.ts); the header peek's type lives beside
 * the codec (shared/mqtt/codec/peek.ts), which must agree with it.
 */
export type { HeaderPeek } from '../../shared/mqtt/codec/peek';

export type {
	FlowFlag,
	FrameDetail,
	FrameFilter,
	FrameSummary,
	FrameType,
	FrameWindow,
	PublishLookup,
	WireDirection,
} from '../../shared/model/frames';
