/** Where browser mode keeps its data when not told otherwise (Electron uses app.getPath('userData')). */
import { homedir } from 'node:os';
import { join } from 'node:path';

export function defaultDataDir(): string {
	switch (process.platform) {
		case 'win32':
			return join(process.env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Topicscope');
		case 'darwin':
			return join(homedir(), 'Library', 'Application Support', 'Topicscope');
		default:
			return join(process.env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'topicscope');
	}
}
