/**
 * History as it stands (`history:info`: where, how big, how many, per connection) and the
 * retention in force, edited in a form and saved with `history:set-retention`.
 */
import type { HistoryInfo } from '../../../shared/model/history';
import type { AppError } from '../../../shared/result';
import { api } from '../../lib/api';
import { formsToPolicy, limitsToForm, NO_LIMITS, type LimitsForm } from './retention-form';

export class HistorySettingsState {
	info = $state.raw<HistoryInfo | null>(null);
	error = $state.raw<AppError | null>(null);
	/** The retention form: all connections, and each history connection by key. */
	global = $state<LimitsForm>({ ...NO_LIMITS });
	perConnection = $state<Record<string, LimitsForm>>({});
	saveStatus = $state.raw<{ readonly text: string; readonly isError: boolean } | null>(null);
	#isFormLoaded = false;

	/** Reads history's facts again; the form is filled from them the first time. */
	async refresh(): Promise<void> {
		const info = await api.invoke('history:info', {});
		if (!info.ok) {
			this.error = info.error;
			return;
		}
		this.error = null;
		this.info = info.value;
		if (!this.#isFormLoaded) this.resetForm();
		else {
			// A connection new since the form was filled (an import) gets its row; edits stay.
			for (const connection of info.value.connections) {
				this.perConnection[connection.key] ??= limitsToForm(
					info.value.retention.connections[connection.key] ?? {},
				);
			}
		}
	}

	/** The form as the retention in force says. */
	resetForm(): void {
		const info = this.info;
		if (info === null) return;
		this.#isFormLoaded = true;
		this.global = limitsToForm(info.retention.global);
		const forms: Record<string, LimitsForm> = {};
		for (const connection of info.connections) {
			forms[connection.key] = limitsToForm(info.retention.connections[connection.key] ?? {});
		}
		this.perConnection = forms;
	}

	async save(): Promise<void> {
		const info = this.info;
		if (info === null) return;
		const policy = formsToPolicy(
			this.global,
			info.connections.map((connection) => ({
				key: connection.key,
				name: connection.name,
				form: this.perConnection[connection.key] ?? NO_LIMITS,
			})),
		);
		if (!policy.ok) {
			this.saveStatus = { text: policy.error.message, isError: true };
			return;
		}
		const saved = await api.invoke('history:set-retention', { policy: policy.value });
		this.saveStatus = saved.ok
			? { text: 'Retention saved: history prunes to it in small steps.', isError: false }
			: { text: saved.error.message, isError: true };
		if (saved.ok) await this.refresh();
	}
}
