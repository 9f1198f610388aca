import { useState } from 'preact/hooks';
import { request } from './api';
import { t } from './i18n';

/** The composer's "Record" switch: off for every new task unless the user turns it on. */
export function RecordToggle({ checked, disabled, onChange }: { checked: boolean; disabled: boolean; onChange: (checked: boolean) => void }) {
  return (
    <label class="record-toggle" title={t('record_hint')}>
      <input type="checkbox" checked={checked} disabled={disabled} onChange={(e) => onChange(e.currentTarget.checked)} /> {t('record')}
    </label>
  );
}

/** "Export recording" on a finished recorded task: its screenshots as an animated GIF, made here and downloaded. */
export function ExportRecording({ taskId }: { taskId: string }) {
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);

  async function exportGif() {
    setBusy(true);
    setStatus(t('recording_making'));
    try {
      const { frames, truncated } = await request({ type: 'recording.frames', taskId });
      if (frames.length === 0) {
        setStatus(t('recording_empty'));
        return;
      }
      // The encoder loads only when someone exports.
      const { recordingToGif } = await import('./gif-export');
      const url = URL.createObjectURL(await recordingToGif(frames));
      const link = document.createElement('a');
      link.href = url;
      link.download = `steward-recording-${taskId}.gif`;
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      setStatus(truncated ? t('recording_exported_limit', frames.length) : t('recording_exported', frames.length));
    } catch (error) {
      setStatus(t('recording_failed', error instanceof Error ? error.message : String(error)));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div class="recording">
      <button type="button" disabled={busy} onClick={() => void exportGif()}>
        {t('recording_export')}
      </button>
      <span role="status">{status}</span>
    </div>
  );
}
