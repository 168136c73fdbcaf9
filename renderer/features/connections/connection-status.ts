/** Words and colours for a connection's state. */
import type { ConnectionState } from '../../../shared/model/connection';

export function describeState(state: ConnectionState): {
	label: string;
	tone: 'ok' | 'busy' | 'bad' | 'off';
} {
	switch (state.kind) {
		case 'idle':
			return { label: 'idle', tone: 'off' };
		case 'connecting':
			return { label: 'connecting…', tone: 'busy' };
		case 'connected':
			return { label: 'connected', tone: 'ok' };
		case 'reconnecting':
			return { label: `reconnecting (attempt ${state.attempt})`, tone: 'busy' };
		case 'closed':
			return { label: state.by === 'user' ? 'disconnected' : 'closed by broker', tone: 'off' };
		case 'failed':
			return { label: 'failed', tone: 'bad' };
	}
}
